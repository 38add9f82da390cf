// Issue 16: the cases table tells the API's live feed of a change only when it changes what
// the board shows. Bookkeeping writes notify no one, since PostgreSQL serialises every
// notifying commit. A real PostgreSQL, LISTENing as the API does.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_CHANNEL } from '../../api/live/case-feed.js';
import { cases } from '../../db/schema.js';
import { createTestDb } from '../helpers/db.js';

let db: Awaited<ReturnType<typeof createTestDb>>;
let listener: pg.Client;
const heard: { id: string; stage: string; version: number }[] = [];

beforeAll(async () => {
  db = await createTestDb();
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (n) => heard.push(JSON.parse(n.payload ?? '{}')));
  await listener.query(`LISTEN ${CASE_CHANNEL}`);
});
afterAll(async () => {
  await listener?.end();
  await db?.close();
});

/** Runs a write and returns what the listener heard from it (notifications arrive on commit). */
async function heardFrom(write: () => Promise<unknown>) {
  const before = heard.length;
  await write();
  // A round trip on the listening connection delivers anything already sent to it.
  await listener.query('SELECT 1');
  await new Promise((r) => setTimeout(r, 100));
  return heard.slice(before);
}

const id = 'JV-2026-990001';
const q = (text: string, values: unknown[] = []) => db.db.$client.query(text, values);

describe('the cases NOTIFY trigger', () => {
  it('tells of a new case', async () => {
    const got = await heardFrom(() =>
      db.db.insert(cases).values({
        id,
        workflowId: `case-${id}`,
        stage: 'received',
        severity: 'high',
        drill: false,
        legalGround: 'test',
        policyVersion: '1',
        districtCode: null,
        openedAt: new Date(),
      }),
    );
    expect(got).toEqual([expect.objectContaining({ id, stage: 'received' })]);
  });

  it('tells of a change the board shows: the stage, the version, overdue', async () => {
    expect(
      await heardFrom(() =>
        q("UPDATE cases SET stage = 'locating', state_version = state_version + 1 WHERE id = $1", [id]),
      ),
    ).toEqual([expect.objectContaining({ id, stage: 'locating' })]);
    expect(await heardFrom(() => q('UPDATE cases SET overdue = true WHERE id = $1', [id]))).toHaveLength(1);
  });

  it('stays silent for bookkeeping: workflow_started_at, updated_at, a write that changes nothing', async () => {
    expect(await heardFrom(() => q('UPDATE cases SET workflow_started_at = now() WHERE id = $1', [id]))).toEqual([]);
    expect(await heardFrom(() => q('UPDATE cases SET updated_at = now() WHERE id = $1', [id]))).toEqual([]);
    expect(await heardFrom(() => q("UPDATE cases SET stage = 'locating' WHERE id = $1", [id]))).toEqual([]);
  });
});
