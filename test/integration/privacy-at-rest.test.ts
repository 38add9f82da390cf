// Personal fields at rest: whoever reads PostgreSQL directly (a dump, a backup, a replica)
// sees ciphertext and a key ID, never the person; the API still gives an authorised
// reader the plaintext; and keys rotate: what the old key sealed is read once a new key
// is put first, and new writes use the new key.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createApiDeps } from '../../api/deps.js';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import type { Keyring } from '../../config/index.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { createFieldCrypto, FieldCryptoError, PLACE } from '../../lib/crypto/field-crypto.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { type CanaryCase, canaryCase } from '../helpers/canary-case.js';

const OLD = 'k2025a';
const NEW = 'k2026a';
const oldKey = randomBytes(32);
const oldRing: Keyring = { current: OLD, keys: new Map([[OLD, oldKey]]) };
const rotatedRing: Keyring = {
  current: NEW,
  keys: new Map([
    [NEW, randomBytes(32)],
    [OLD, oldKey],
  ]),
};

let env: ApiTestEnv;
let open: CanaryCase;
let closed: CanaryCase;
let rejectedId: string;
const emailMarker = `cnrymail${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  env = await createApiTestEnv({ keyring: oldRing });
  open = await canaryCase(env, { close: false });
  closed = await canaryCase(env, { close: true });
  await emailIntakeHandlers(env.deps).reject(
    `From: someone\n\nMy friend ${emailMarker} is in danger`,
    'no alert reference found',
    {},
  );
  const rows = await q<{ id: string }>(sql`SELECT id FROM rejected_emails`);
  rejectedId = rows[0].id;
});
afterAll(() => env?.close());

async function q<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await env.db.db.execute(query)).rows as T[];
}

/** Every row of every table of Jeevan's, as text, that contains the needle. */
async function rowsContaining(needle: string): Promise<string[]> {
  const tables = await q<{ table_name: string }>(
    sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const found = await q<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table_name)} t WHERE t::text ILIKE ${`%${needle}%`}`,
    );
    if (found[0].n > 0) hits.push(`${table_name}: ${found[0].n}`);
  }
  return hits;
}

const sealedWith = (value: unknown, key: string) => {
  const v = typeof value === 'string' ? JSON.parse(value) : value;
  expect(v).toMatchObject({ v: 1, k: key, iv: expect.any(String), ct: expect.any(String), tag: expect.any(String) });
};

describe('personal fields in PostgreSQL', () => {
  it('no canary is anywhere in the database in clear: not in any column of any table', async () => {
    // The scan sees clear values (the police station is a clear column): it is not blind.
    expect(await rowsContaining('Hazratganj')).toContain('cases: 2');
    for (const c of [open, closed]) {
      expect(await rowsContaining(c.marker), c.marker).toEqual([]);
      expect(await rowsContaining(c.phoneDigits), c.phoneDigits).toEqual([]);
    }
    expect(await rowsContaining(emailMarker)).toEqual([]);
  });

  it('every personal column holds a sealed envelope with the key ID', async () => {
    const alerts = await q<{ details: unknown }>(
      sql`SELECT details FROM alerts WHERE case_id IN (${open.caseId}, ${closed.caseId})`,
    );
    expect(alerts).toHaveLength(2);
    for (const a of alerts) sealedWith(a.details, OLD);
    const snapshots = await q<{ snapshot: unknown }>(
      sql`SELECT snapshot FROM cases WHERE id IN (${open.caseId}, ${closed.caseId})`,
    );
    for (const s of snapshots) sealedWith(s.snapshot, OLD);
    const summaries = await q<{ summary: string }>(
      sql`SELECT summary FROM case_events WHERE case_id IN (${open.caseId}, ${closed.caseId})`,
    );
    expect(summaries.length).toBeGreaterThan(10);
    for (const e of summaries) sealedWith(e.summary, OLD);
    const payloads = await q<{ payload: unknown }>(
      sql`SELECT payload FROM outbox WHERE case_id IN (${open.caseId}, ${closed.caseId})`,
    );
    expect(payloads).toHaveLength(2);
    for (const p of payloads) sealedWith(p.payload, OLD);
    const [mail] = await q<{ raw: string }>(sql`SELECT raw FROM rejected_emails WHERE id = ${rejectedId}`);
    sealedWith(mail.raw, OLD);
  });

  it('the statistics columns stay clear for lists and reports', async () => {
    const [row] = await q<Record<string, unknown>>(
      sql`SELECT stage, district_code, outcome, gender, age_band, closed_at FROM cases WHERE id = ${closed.caseId}`,
    );
    expect(row).toMatchObject({
      stage: 'closed',
      district_code: 'LKO',
      outcome: 'deceased',
      gender: 'female',
      age_band: '19-25',
    });
    expect(row.closed_at).not.toBeNull();
  });

  it('a sealed value moved to another row does not open', async () => {
    const fields = createFieldCrypto(oldRing);
    const [a] = await q<{ details: unknown; id: string }>(
      sql`SELECT id, details FROM alerts WHERE case_id = ${open.caseId}`,
    );
    expect(fields.open<{ handle: string }>(a.details, PLACE.alertDetails(a.id)).handle).toBe(`@${open.marker}`);
    expect(() => fields.open(a.details, PLACE.alertDetails('00000000-0000-0000-0000-000000000000'))).toThrow(
      FieldCryptoError,
    );
    expect(() => fields.open(a.details, PLACE.caseSnapshot(open.caseId))).toThrow(/does not open/);
  });

  it('the API gives an authorised reader the plaintext: timeline, rejected e-mail, and the case from the database', async () => {
    const timeline = await env.app.inject({ method: 'GET', url: `/cases/${open.caseId}/timeline` });
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).toContain(`Family of ${open.marker} on the way`);
    const mail = await env.app.inject({ method: 'GET', url: `/intake/rejected-emails/${rejectedId}` });
    expect(mail.json().raw).toContain(emailMarker);
    const live = await env.app.inject({ method: 'GET', url: `/cases/${closed.caseId}` });
    expect(live.json().source).toBe('workflow');
  });
});

describe('key rotation', () => {
  it('data sealed with the old key is read after a new key is put first; new writes use the new key; the old key alone cannot read them', async () => {
    const rotated = createApiDeps({
      db: env.db.db,
      client: env.client,
      taskQueue: env.taskQueue,
      identityKey: env.identityKey,
      keyring: rotatedRing,
      policy: () => scaledPolicy(60_000),
      log: () => {},
    });
    const app = await buildApp(rotated);
    try {
      const hq = env.as('hq');
      const timeline = await app.inject({ method: 'GET', url: `/cases/${closed.caseId}/timeline`, headers: hq });
      expect(timeline.statusCode).toBe(200);
      expect(timeline.body).toContain(`Family of ${closed.marker} on the way`);
      const mail = await app.inject({ method: 'GET', url: `/intake/rejected-emails/${rejectedId}`, headers: hq });
      expect(mail.json().raw).toContain(emailMarker);

      // The case from the database alone (no worker to answer): the old-key snapshot opens.
      await env.stopWorker();
      try {
        const fromDb = await app.inject({ method: 'GET', url: `/cases/${closed.caseId}`, headers: hq });
        expect(fromDb.statusCode).toBe(200);
        expect(fromDb.json().source).toBe('database');
        expect(fromDb.json().case.alerts[0].details.handle).toBe(`@${closed.marker}`);
        expect(fromDb.json().case.notes[0].notes).toBe(`Mother's number for ${closed.marker}`);
        expect(fromDb.json().case.timeline.length).toBe(closed.state.timeline.length);
      } finally {
        await env.startWorker();
      }

      // A new alert through the rotated API: sealed with the new key, readable only with it.
      const created = await app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(), headers: hq });
      expect([201, 202]).toContain(created.statusCode);
      const [row] = await q<{ id: string; details: unknown }>(
        sql`SELECT id, details FROM alerts WHERE case_id = ${created.json().caseId}`,
      );
      sealedWith(row.details, NEW);
      expect(() => createFieldCrypto(oldRing).open(row.details, PLACE.alertDetails(row.id))).toThrow(
        /k2026a, which is not in ENCRYPTION_KEYS/,
      );
      expect(
        createFieldCrypto(rotatedRing).open<{ phone: string }>(row.details, PLACE.alertDetails(row.id)).phone,
      ).toMatch(/^\+91/);
    } finally {
      await app.close();
    }
  });
});
