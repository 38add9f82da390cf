// 4. Reading: the case list with every open case in the database and one case in full,
// with a token and with the console's session, against a bare Fastify route and against
// the fair floors (issue 16): bare Fastify + pg checking the same session and running the
// list's SELECT; a primary-key SELECT plus a bare Query for one case. Rounds alternate the routes.
import autocannon from 'autocannon';
import type { CpuSplit } from '../cpu.js';
import { busiestLine, type Section } from '../report.js';
import { ratio, summarize } from '../stats.js';
import type { Ctx } from './context.js';

const CONNECTIONS = 8;

interface Route {
  name: 'bare' | 'list' | 'full' | 'listSession' | 'fullSession' | 'listFloor' | 'oneFloor';
  url: string;
  headers: Record<string, string>;
  latencies: number[];
  requests: number;
  seconds: number;
  bad: number;
  cpu?: CpuSplit;
}

function fire(route: Route, seconds: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: route.url, connections: CONNECTIONS, duration: seconds, headers: route.headers },
      (error, result) => {
        if (error) return reject(error);
        route.requests += result.requests.total;
        route.seconds += result.duration;
        route.bad += result.non2xx + result.errors + result.timeouts;
        resolve();
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) route.latencies.push(ms);
    });
  });
}

export async function reading(ctx: Ctx): Promise<Section> {
  const { stack, drive, sizes } = ctx;
  const { rows: counted } = await stack.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  // Read-only projection rows of closed cases, inserted directly, make up the database to readingCases.
  const topUp = Math.max(0, sizes.readingCases - counted[0].n);
  if (topUp > 0) {
    await stack.db.pool.query(
      `INSERT INTO cases (id, workflow_id, stage, severity, legal_ground, policy_version, district_code, opened_at, closed_at, outcome, state_version)
       SELECT 'JV-2025-' || lpad(g::text, 6, '0'), 'bench-reading-' || g, 'closed', 'high', 'bench', 'bench-reading', 'AGR',
              now() - interval '400 days' + g * interval '1 minute', now() - interval '399 days' + g * interval '1 minute', 'safe', 1
       FROM generate_series(1, $1::int) AS g`,
      [topUp],
    );
    await stack.db.pool.query('ANALYZE cases');
  }
  const casesInDb = counted[0].n + topUp;
  const one = drive.opened[Math.floor(drive.opened.length / 2)];
  const auth = { authorization: `Bearer ${stack.token}` };
  const session = { cookie: stack.sessionCookie };
  const [queried] = await drive.startWaiting(1);
  const route = (name: Route['name'], url: string, headers: Record<string, string>): Route => ({
    name,
    url,
    headers,
    latencies: [],
    requests: 0,
    seconds: 0,
    bad: 0,
  });
  const routes: Route[] = [
    route('bare', stack.bareUrl, {}),
    route('list', `${stack.apiUrl}/cases?limit=50`, auth),
    route('full', `${stack.apiUrl}/cases/${one}`, auth),
    route('listSession', `${stack.apiUrl}/cases?limit=50`, session),
    route('fullSession', `${stack.apiUrl}/cases/${one}`, session),
    route('listFloor', `${stack.bareBase}/list`, session),
    route('oneFloor', `${stack.bareBase}/one/${one}?wf=${encodeURIComponent(queried.workflowId)}`, session),
  ];
  ctx.log(
    `reading: ${casesInDb} cases in the database; ${sizes.readRounds} rounds of ${sizes.readSeconds} s per route, ${CONNECTIONS} connections`,
  );
  for (const r of routes) await fire({ ...r, latencies: [] }, 1); // warm-up, not counted
  for (let round = 0; round < sizes.readRounds; round++) {
    const order = round % 2 === 0 ? routes : [...routes].reverse();
    for (const r of order) {
      const stop = ctx.meter();
      await fire(r, sizes.readSeconds);
      r.cpu = stop();
    }
  }
  const [bare, list, full, listSession, fullSession, listFloor, oneFloor] = routes.map((r) => ({
    ...summarize(r.latencies),
    rps: r.seconds > 0 ? Math.round((r.requests / r.seconds) * 10) / 10 : 0,
    bad: r.bad,
  }));
  const listCpu = routes[1].cpu as CpuSplit;
  const fullCpu = routes[2].cpu as CpuSplit;
  return {
    key: 'reading',
    title: '4. Reading',
    what:
      `autocannon, ${CONNECTIONS} connections, ${sizes.readRounds} × ${sizes.readSeconds} s per route, routes alternating: \`GET /cases?limit=50\` (the projection, newest first) ` +
      `with ${casesInDb} cases in the database (${topUp} of them closed projection rows inserted directly), and \`GET /cases/:id\` (one case in full: live from its workflow by a Query, with its earlier cases and an audit entry), ` +
      'each with a bearer token and with the session cookie the console uses; against a bare Fastify route answering a fixed 50-item JSON list from its own process, ' +
      "and against the fair floors in that process: Fastify + pg looking up the same session, then the list's SELECT (50 rows, newest first); " +
      'the session, a primary-key SELECT of the case and a bare Query of a waiting workflow.',
    rows: [
      {
        label: 'case list p50 (ms)',
        jeevan: list.p50,
        baseline: bare.p50,
        ratio: ratio(list.p50, bare.p50),
        headline: true,
      },
      {
        label: 'case list p99 (ms)',
        jeevan: list.p99,
        baseline: bare.p99,
        ratio: ratio(list.p99, bare.p99),
        headline: true,
      },
      {
        label: 'case list throughput (req/s)',
        jeevan: list.rps,
        baseline: bare.rps,
        ratio: ratio(list.rps, bare.rps),
        headline: true,
      },
      {
        label: 'one case in full p50 (ms)',
        jeevan: full.p50,
        baseline: bare.p50,
        ratio: ratio(full.p50, bare.p50),
        headline: true,
      },
      {
        label: 'one case in full p99 (ms)',
        jeevan: full.p99,
        baseline: bare.p99,
        ratio: ratio(full.p99, bare.p99),
        headline: true,
      },
      {
        label: 'one case in full throughput (req/s)',
        jeevan: full.rps,
        baseline: bare.rps,
        ratio: ratio(full.rps, bare.rps),
        headline: true,
      },
      {
        label: 'case list throughput against its PostgreSQL floor, session (req/s)',
        jeevan: listSession.rps,
        baseline: listFloor.rps,
        ratio: ratio(listSession.rps, listFloor.rps),
        headline: true,
      },
      {
        label: 'case list throughput against its PostgreSQL floor, token (req/s)',
        jeevan: list.rps,
        baseline: listFloor.rps,
        ratio: ratio(list.rps, listFloor.rps),
      },
      {
        label: 'case list p50 against its PostgreSQL floor, session (ms)',
        jeevan: listSession.p50,
        baseline: listFloor.p50,
        ratio: ratio(listSession.p50, listFloor.p50),
      },
      {
        label: 'one case throughput against its floor, session (req/s)',
        jeevan: fullSession.rps,
        baseline: oneFloor.rps,
        ratio: ratio(fullSession.rps, oneFloor.rps),
        headline: true,
      },
      {
        label: 'one case throughput against its floor, token (req/s)',
        jeevan: full.rps,
        baseline: oneFloor.rps,
        ratio: ratio(full.rps, oneFloor.rps),
      },
      {
        label: 'one case p50 against its floor, session (ms)',
        jeevan: fullSession.p50,
        baseline: oneFloor.p50,
        ratio: ratio(fullSession.p50, oneFloor.p50),
      },
      {
        label: 'non-2xx or errors (list / full / list session / full session; floors list / one)',
        jeevan: `${list.bad} / ${full.bad} / ${listSession.bad} / ${fullSession.bad}`,
        baseline: `${bare.bad}; ${listFloor.bad} / ${oneFloor.bad}`,
      },
    ],
    cpu: listCpu,
    bottleneck:
      `case list: ${busiestLine(listCpu)}; one case in full: ${busiestLine(fullCpu)}. ` +
      'The list is one indexed query plus token check and JSON serialisation in the API; the full case adds a Temporal Query (a workflow task on the worker), the earlier-cases lookup and an audit insert per read.',
    notes: [
      `CPU split of the one-case-in-full rounds: ${Object.entries(fullCpu.byProgram)
        .map(([k, v]) => `${k} ${v}%`)
        .join(', ')}.`,
    ],
    data: { casesInDb, bare, list, full, listSession, fullSession, listFloor, oneFloor },
  };
}
