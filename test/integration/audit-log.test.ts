// The audit log: every change, every read of personal data and every refusal is recorded,
// append-only for the application's role, HMAC-chained, and anchored outside the database;
// tampering, even by the database's owner, is found by the verify command.

import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDailyDigest } from '../../activities/digest.js';
import { UP } from '../../domain/profiles/UP/profile.js';
import { dbDirectory } from '../../lib/directory/directory.js';
import { createTransport } from '../../lib/mail/mailer.js';
import { anchorText, appendAudit, auditAnchor, verifyAuditChain } from '../../lib/stores/audit-chain.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert, TEST_PASSWORD } from '../helpers/api.js';
import { createTestDb } from '../helpers/db.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

const verifyCli = () =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'verify-audit'], {
    env: { ...process.env, DATABASE_URL: env.db.url },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('audit log', () => {
  it('records changes, personal reads, refusals and failed sign-ins, with who, what, which case and from where', async () => {
    const caseId = (
      await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(), headers: env.as('smc_operator') })
    ).json().caseId;
    await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('auditor') });
    await env.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/notes`,
      payload: { text: 'x' },
      headers: env.as('auditor'),
    });
    await env.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 't-auditor', password: 'wrong-password-here' },
      headers: env.anonymous,
    });
    const login = await env.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 't-auditor', password: TEST_PASSWORD },
      headers: env.anonymous,
    });
    expect(login.statusCode).toBe(200);
    const rows = await eventually(async () => {
      const r = (await env.app.inject({ method: 'GET', url: '/audit?limit=500', headers: env.as('auditor') })).json()
        .items as {
        action: string;
        caseId: string | null;
        outcome: string;
        actorRole: string | null;
        ip: string | null;
      }[];
      return r.some((e) => e.action === 'auth.login') ? r : undefined;
    }, 'the audit entries');
    expect(rows.find((e) => e.action === 'alert.create')).toMatchObject({ outcome: 'ok', actorRole: 'smc_operator' });
    expect(rows.find((e) => e.action === 'case.read' && e.caseId === caseId)).toMatchObject({
      outcome: 'ok',
      actorRole: 'auditor',
    });
    expect(rows.find((e) => e.action === 'case.step.addNote' && e.caseId === caseId)).toMatchObject({
      outcome: 'refused',
    });
    expect(rows.find((e) => e.action === 'auth.login_failed')).toMatchObject({ outcome: 'refused' });
    expect(rows.every((e) => e.ip)).toBe(true);
  });

  it('a failed sign-in is audited by the account it names, never by the text typed as a username (issue 12 item 8)', async () => {
    // People type their password into the username field: the audit log keeps rows for good.
    const typed = `Zqpassw0rd-${Date.now()}`;
    for (const username of [typed, 't-auditor']) {
      const res = await env.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username, password: 'wrong-password-here' },
        headers: env.anonymous,
      });
      expect(res.statusCode).toBe(401);
    }
    const { rows } = await env.db.db.$client.query<{ details: Record<string, unknown>; text: string }>(
      "SELECT details, audit_log::text AS text FROM audit_log WHERE action = 'auth.login_failed' ORDER BY seq DESC LIMIT 2",
    );
    expect(rows.map((r) => r.text).join('\n')).not.toContain(typed);
    const [known, unknown] = rows;
    expect(known.details).toMatchObject({ reason: 'invalid', userId: expect.any(String) });
    expect(known.details).not.toHaveProperty('username');
    expect(unknown.details).toEqual({ reason: 'invalid' });
  });

  it('writes the audit row of a personal read before the answer is sent, and shows nothing when it cannot', async () => {
    const alert = sampleAlert();
    const caseId = (
      await env.app.inject({ method: 'POST', url: '/alerts', payload: alert, headers: env.as('smc_operator') })
    ).json().caseId;
    const read = await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('auditor') });
    expect(read.statusCode).toBe(200);
    // Already there when the answer arrives (no waiting).
    const { rows } = await env.db.db.$client.query(
      "SELECT 1 FROM audit_log WHERE action = 'case.read' AND case_id = $1",
      [caseId],
    );
    expect(rows).toHaveLength(1);

    // The audit log refuses every new row (as a full disk or a lost grant would).
    await env.db.owner('ALTER TABLE audit_log ADD CONSTRAINT audit_test_refuse CHECK (false) NOT VALID');
    try {
      const blind = await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('auditor') });
      expect(blind.statusCode).toBe(503);
      expect(blind.body).not.toContain(alert.handle as string);
    } finally {
      await env.db.owner('ALTER TABLE audit_log DROP CONSTRAINT audit_test_refuse');
    }
  });

  it('a step that took effect is in the audit log even when its outcome row cannot be written (soak finding, docs/reliability.md)', async () => {
    const caseId = (
      await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(), headers: env.as('smc_operator') })
    ).json().caseId;
    // The row written after the answer is refused (as when the API dies just after the step, or the database goes
    // away).
    await env.db.owner(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_test_refuse_step_ok CHECK (NOT (action LIKE 'case.step.%' AND outcome = 'ok')) NOT VALID`,
    );
    try {
      const step = await env.app.inject({
        method: 'POST',
        url: `/cases/${caseId}/locating/start`,
        payload: {},
        headers: env.as('smc_operator'),
      });
      expect(step.statusCode).toBe(200);
      const { rows } = await env.db.db.$client.query<{ outcome: string; details: unknown }>(
        "SELECT outcome, details FROM audit_log WHERE action = 'case.step.startLocating' AND case_id = $1",
        [caseId],
      );
      expect(rows).toEqual([{ outcome: 'unknown', details: { phase: 'attempt' } }]);
    } finally {
      await env.db.owner('ALTER TABLE audit_log DROP CONSTRAINT audit_test_refuse_step_ok');
    }
    // And a step whose attempt row cannot be written is not taken.
    await env.db.owner('ALTER TABLE audit_log ADD CONSTRAINT audit_test_refuse CHECK (false) NOT VALID');
    try {
      const refused = await env.app.inject({
        method: 'POST',
        url: `/cases/${caseId}/enquiries`,
        payload: { kind: 'other', owner: 'desk', dueInMinutes: 5 },
        headers: env.as('smc_operator'),
      });
      expect(refused.statusCode).toBe(503);
    } finally {
      await env.db.owner('ALTER TABLE audit_log DROP CONSTRAINT audit_test_refuse');
    }
    const state = (
      await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('smc_operator') })
    ).json();
    expect(state.case?.locating?.enquiries ?? state.locating?.enquiries).toEqual([]);
  });

  it('is append-only, and the verify command finds a changed or removed entry', async () => {
    expect((await verifyAuditChain(env.db.db)).ok).toBe(true);
    const clean = verifyCli();
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/audit chain intact/);

    // The application's role may not change, remove or truncate a row, nor disable the trigger.
    for (const statement of [
      "UPDATE audit_log SET action = 'nothing' WHERE seq = 2",
      'DELETE FROM audit_log WHERE seq = 2',
      'TRUNCATE audit_log',
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update',
    ]) {
      await expect(env.db.db.$client.query(statement), statement).rejects.toThrow(/permission denied|must be owner/);
    }

    // Someone with the database owner's powers goes round the trigger and edits a row.
    await env.db.owner('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await env.db.owner("UPDATE audit_log SET outcome = 'ok' WHERE seq = 3");
    const changed = verifyCli();
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/AUDIT CHAIN BROKEN at entry 3: content does not match/);
    // Without the key, recomputing the hash as a plain SHA-256 chain does not repair it.
    await env.db.owner("UPDATE audit_log SET hash = encode(sha256(convert_to(hash, 'UTF8')), 'hex') WHERE seq = 3");
    expect(verifyCli().status).toBe(1);
    await env.db.owner('DELETE FROM audit_log WHERE seq = 3');
    const removed = await verifyAuditChain(env.db.db);
    expect(removed).toMatchObject({ ok: false, brokenAt: { seq: 4 } });
    expect(removed.brokenAt?.reason).toMatch(/removed or reordered/);
    await env.db.owner('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  });

  it('finds a tail cut off after the anchor was taken, which the chain alone cannot', async () => {
    const db = await createTestDb();
    try {
      for (let i = 0; i < 5; i++)
        await appendAudit(db.db, { actorId: 'u', actorRole: 'auditor', action: 'case.read', outcome: 'ok' });
      const anchor = (await auditAnchor(db.db)) as NonNullable<Awaited<ReturnType<typeof auditAnchor>>>;
      expect(anchor.seq).toBeGreaterThan(0);
      await appendAudit(db.db, { actorId: 'u', actorRole: 'auditor', action: 'case.read', outcome: 'ok' });
      const cli = (...extra: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'verify-audit', ...extra], {
          env: { ...process.env, DATABASE_URL: db.url },
          encoding: 'utf8',
          timeout: 60_000,
        });
      expect(cli('--anchor', anchorText(anchor)).status).toBe(0);

      // The owner cuts off the last entries, the anchored one included: what is left is a valid chain.
      await db.owner('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await db.owner(`DELETE FROM audit_log WHERE seq >= ${anchor.seq}`);
      expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true });
      const against = await verifyAuditChain(db.db, { anchor });
      expect(against).toMatchObject({ ok: false, brokenAt: { seq: anchor.seq } });
      expect(against.brokenAt?.reason).toMatch(/cut short/);
      const cut = cli('--anchor', anchorText(anchor));
      expect(cut.status).toBe(1);
      expect(cut.stdout).toMatch(/AUDIT CHAIN BROKEN at entry \d+: the anchored entry is gone/);
    } finally {
      await db.close();
    }
  });

  it('puts the anchor in the daily digest', async () => {
    const transport = createTransport(env.mail.url);
    try {
      const head = (await auditAnchor(env.db.db)) as NonNullable<Awaited<ReturnType<typeof auditAnchor>>>;
      const deps = {
        db: env.db.db,
        transport,
        directory: dbDirectory(env.db.db),
        from: 'Jeevan Test <jeevan@test.invalid>',
        profile: UP,
        onDirectoryGap: async () => {},
      };
      const result = await sendDailyDigest(deps, { periodEnd: '2024-06-16T01:30:00.000Z' });
      expect(result.auditAnchor).toBe(anchorText(head));
      const [mail] = await env.mail.waitFor(
        (m) => m.headers['x-jeevan-digest'] === '2024-06-16T01:30:00.000Z',
        1,
        30_000,
      );
      expect(mail.text).toContain(`audit:verify -- --anchor ${anchorText(head)}`);
    } finally {
      transport.close();
    }
  });
});
