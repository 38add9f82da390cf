// The earlier-cases lookup and the case page as the years pile up (issue 16): timed at the
// stored cases the run has, then again with closed cases (each with an identity row) added
// up to ten times the reading size (100,000 in a full run). Flat means the index serves it.
import { performance } from 'node:perf_hooks';
import type { Row } from '../report.js';
import { ratio, summarize } from '../stats.js';
import type { Ctx } from './context.js';

const SAMPLES = 100;

export async function lookupGrowth(ctx: Ctx): Promise<Row[]> {
  const { stack, drive, sizes } = ctx;
  const one = drive.opened[Math.floor(drive.opened.length / 2)];
  if (!one) return [];
  const pool = stack.db.pool;
  const stored = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0].n;
  const lookup = async () => {
    const { rows: mine } = await pool.query<{ kind: string; hash: string }>(
      'SELECT kind, hash FROM case_identities WHERE case_id = $1',
      [one],
    );
    for (const m of mine)
      await pool.query('SELECT case_id, kind FROM case_identities WHERE case_id <> $1 AND kind = $2 AND hash = $3', [
        one,
        m.kind,
        m.hash,
      ]);
    return true;
  };
  const page = async () => (await drive.getJson(`/cases/${one}`)).status === 200;
  const time = async (op: () => Promise<boolean>) => {
    const ms: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now();
      if (await op()) ms.push(performance.now() - t);
    }
    return summarize(ms);
  };
  const before = await stored();
  const lookupBefore = await time(lookup);
  const pageBefore = await time(page);
  const target = sizes.readingCases * 10;
  const add = Math.max(0, target - before);
  ctx.log(`lookup growth: ${before} stored cases timed; adding ${add} closed cases with identities`);
  if (add > 0) {
    await pool.query(
      `WITH c AS (
         INSERT INTO cases (id, workflow_id, stage, severity, legal_ground, policy_version, district_code, opened_at, closed_at, outcome, state_version)
         SELECT 'JV-2024-' || lpad(g::text, 6, '0'), 'bench-growth-' || g, 'closed', 'high', 'bench', 'bench-growth', 'AGR',
                now() - interval '800 days' + g * interval '1 minute', now() - interval '799 days' + g * interval '1 minute', 'safe', 1
         FROM generate_series(1, $1::int) AS g RETURNING id)
       INSERT INTO case_identities (kind, hash, case_id, open) SELECT 'phone', md5(id), id, false FROM c`,
      [add],
    );
    await pool.query('ANALYZE cases; ANALYZE case_identities');
  }
  const after = await stored();
  const lookupAfter = await time(lookup);
  const pageAfter = await time(page);
  return [
    {
      label: `earlier-cases lookup p50 at ${after} stored cases (ms; baseline column: at ${before})`,
      jeevan: lookupAfter.p50,
      baseline: lookupBefore.p50,
      ratio: ratio(lookupAfter.p50, lookupBefore.p50),
      headline: true,
    },
    {
      label: `case page p50 at ${after} stored cases (ms; baseline column: at ${before})`,
      jeevan: pageAfter.p50,
      baseline: pageBefore.p50,
      ratio: ratio(pageAfter.p50, pageBefore.p50),
      headline: true,
    },
  ];
}
