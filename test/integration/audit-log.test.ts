// The audit log: every change, every read of personal data and every refusal is recorded,
// append-only and hash-chained; tampering is found by the verify command.
import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../lib/audit-chain.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert, TEST_PASSWORD } from '../helpers/api.js';
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
    const caseId = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(), headers: env.as('smc_operator') })).json().caseId;
    await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('auditor') });
    await env.app.inject({ method: 'POST', url: `/cases/${caseId}/notes`, payload: { text: 'x' }, headers: env.as('auditor') });
    await env.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 't-auditor', password: 'wrong-password-here' }, headers: env.anonymous });
    const login = await env.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 't-auditor', password: TEST_PASSWORD },
      headers: env.anonymous,
    });
    expect(login.statusCode).toBe(200);
    const rows = await eventually(async () => {
      const r = (await env.app.inject({ method: 'GET', url: '/audit?limit=500', headers: env.as('auditor') })).json().items as {
        action: string;
        caseId: string | null;
        outcome: string;
        actorRole: string | null;
        ip: string | null;
      }[];
      return r.some((e) => e.action === 'auth.login') ? r : undefined;
    }, 'the audit entries');
    expect(rows.find((e) => e.action === 'alert.create')).toMatchObject({ outcome: 'ok', actorRole: 'smc_operator' });
    expect(rows.find((e) => e.action === 'case.read' && e.caseId === caseId)).toMatchObject({ outcome: 'ok', actorRole: 'auditor' });
    expect(rows.find((e) => e.action === 'case.step.addNote' && e.caseId === caseId)).toMatchObject({ outcome: 'refused' });
    expect(rows.find((e) => e.action === 'auth.login_failed')).toMatchObject({ outcome: 'refused' });
    expect(rows.every((e) => e.ip)).toBe(true);
  });

  it('writes the audit row of a personal read before the answer is sent, and shows nothing when it cannot', async () => {
    const alert = sampleAlert();
    const caseId = (await env.app.inject({ method: 'POST', url: '/alerts', payload: alert, headers: env.as('smc_operator') })).json().caseId;
    const read = await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('auditor') });
    expect(read.statusCode).toBe(200);
    // Already there when the answer arrives (no waiting).
    const { rows } = await env.db.db.$client.query("SELECT 1 FROM audit_log WHERE action = 'case.read' AND case_id = $1", [caseId]);
    expect(rows).toHaveLength(1);

    // The audit log refuses every new row (as a full disk or a lost grant would).
    await env.db.db.execute(sql`ALTER TABLE audit_log ADD CONSTRAINT audit_test_refuse CHECK (false) NOT VALID`);
    try {
      const blind = await env.app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: env.as('auditor') });
      expect(blind.statusCode).toBe(503);
      expect(blind.body).not.toContain(alert.handle as string);
    } finally {
      await env.db.db.execute(sql`ALTER TABLE audit_log DROP CONSTRAINT audit_test_refuse`);
    }
  });

  it('is append-only, and the verify command finds a changed or removed entry', async () => {
    expect((await verifyAuditChain(env.db.db)).ok).toBe(true);
    const clean = verifyCli();
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/audit chain intact/);

    await expect(env.db.db.execute(sql`UPDATE audit_log SET action = 'nothing' WHERE seq = 2`)).rejects.toThrow();
    await expect(env.db.db.execute(sql`DELETE FROM audit_log WHERE seq = 2`)).rejects.toThrow();

    // Someone with the database owner's powers goes round the trigger and edits a row.
    await env.db.db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`);
    await env.db.db.execute(sql`UPDATE audit_log SET outcome = 'ok' WHERE seq = 3`);
    const changed = verifyCli();
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/AUDIT CHAIN BROKEN at entry 3: content does not match/);
    await env.db.db.execute(sql`DELETE FROM audit_log WHERE seq = 3`);
    const removed = await verifyAuditChain(env.db.db);
    expect(removed).toMatchObject({ ok: false, brokenAt: { seq: 4 } });
    expect(removed.brokenAt?.reason).toMatch(/removed or reordered/);
  });
});
