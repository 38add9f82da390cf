// Reading's floor: a bare Fastify route answering a fixed JSON body, in its own process
// like the API. No auth, no database, no schema: what HTTP and Fastify cost alone.
import Fastify from 'fastify';

async function main() {
  const app = Fastify({ logger: false });
  const body = { items: Array.from({ length: 50 }, (_, i) => ({ id: `JV-2026-${String(i).padStart(6, '0')}`, stage: 'received' })), nextCursor: null };
  app.get('/bare', async () => body);
  await app.listen({ host: '127.0.0.1', port: Number(process.env.BENCH_BARE_PORT ?? 0) });
  const address = app.server.address();
  console.log(JSON.stringify({ ready: true, pid: process.pid, port: typeof address === 'object' && address ? address.port : 0 }));
}

main().catch((error) => {
  console.error(`bare http failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
