// Reading's and stepping's floors over HTTP, in their own process like the API.
// /bare: a fixed JSON body (what HTTP and Fastify cost alone). The fair floors (issue 16) do
// the same work as Jeevan barely, with no schema, audit or authorization rules:
// /list: the session cookie looked up, then the case list's SELECT, as the console reads it;
// /one/:id: the session, a primary-key SELECT of the case and a bare Query of a waiting workflow;
// /step/:id: the session, then an Update that answers after one INSERT activity.
import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import Fastify from 'fastify';
import pg from 'pg';

const LIST_SQL = `SELECT id, stage, severity, drill, district_code, police_station, opened_at, escalation_level, overdue, next_deadline_at, outcome,
  alert_count, next_escalation_level, next_escalation_notify, next_escalation_final FROM cases ORDER BY opened_at DESC, id DESC LIMIT 51`;

async function main() {
  const app = Fastify({ logger: false });
  const body = {
    items: Array.from({ length: 50 }, (_, i) => ({ id: `JV-2026-${String(i).padStart(6, '0')}`, stage: 'received' })),
    nextCursor: null,
  };
  app.get('/bare', async () => body);

  const url = process.env.DATABASE_URL;
  const address = process.env.TEMPORAL_ADDRESS;
  if (url && address) {
    const pool = new pg.Pool({ connectionString: url, max: 20, application_name: 'jeevan-bench-bare' });
    const client = new Client({ connection: await Connection.connect({ address }) });
    const session = async (cookie: string | undefined) => {
      const secret = /jeevan_session=([^;]+)/.exec(cookie ?? '')?.[1];
      if (!secret) return false;
      const hash = createHash('sha256').update(decodeURIComponent(secret)).digest('hex');
      const { rows } = await pool.query(
        'SELECT user_id FROM sessions WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > now()',
        [hash],
      );
      return rows.length > 0;
    };
    app.get('/list', async (request, reply) => {
      if (!(await session(request.headers.cookie))) return reply.status(401).send({});
      const { rows } = await pool.query(LIST_SQL);
      return { items: rows.slice(0, 50), nextCursor: null };
    });
    app.get<{ Params: { id: string }; Querystring: { wf: string } }>('/one/:id', async (request, reply) => {
      if (!(await session(request.headers.cookie))) return reply.status(401).send({});
      const { rows } = await pool.query('SELECT * FROM cases WHERE id = $1', [request.params.id]);
      const total = await client.workflow.getHandle(request.query.wf).query<number>('count');
      return { case: rows[0], total };
    });
    app.post<{ Params: { id: string } }>('/step/:id', async (request, reply) => {
      if (!(await session(request.headers.cookie))) return reply.status(401).send({});
      const n = await client.workflow
        .getHandle(request.params.id)
        .executeUpdate<number, [number]>('poke', { args: [1] });
      return { n };
    });
  }
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_BARE_PORT ?? 0) });
  const bound = app.server.address();
  console.log(
    JSON.stringify({ ready: true, pid: process.pid, port: typeof bound === 'object' && bound ? bound.port : 0 }),
  );
}

main().catch((error) => {
  console.error(`bare http failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
