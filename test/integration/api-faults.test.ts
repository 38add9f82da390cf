// Intake under faults, each with servers of this test's own so they can be stopped:
// Temporal stopped (202, then the workflow starts by itself once Temporal is back) and
// PostgreSQL stopped (503, nothing written).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createApiDeps } from '../../api/deps.js';
import { startOutboxDrainer } from '../../api/intake/outbox.js';
import { connectDb } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { startEmbeddedPostgres } from '../../dev/embedded-postgres.js';
import { startMailSink } from '../../dev/mail-sink.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { startTemporalDevServer } from '../../dev/temporal-server.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { createTransport } from '../../lib/mail/mailer.js';
import { dataConverter, randomKeyring } from '../../lib/temporal/codec.js';
import { createCaseWorker } from '../../worker/create-worker.js';
import { sampleAlert, tokenFor } from '../helpers/api.js';
import { cleanups } from '../helpers/cleanup.js';
import { createTestDb } from '../helpers/db.js';
import { freePort } from '../helpers/ports.js';
import { eventually } from '../helpers/wait.js';

const scratch = mkdtempSync(join(tmpdir(), 'jeevan-faults-'));
chmodSync(scratch, 0o755);
const cleanup = cleanups();
afterAll(async () => {
  await cleanup.run();
  rmSync(scratch, { recursive: true, force: true });
});

const policy = scaledPolicy(60_000);
const log = () => {};
const keyring = randomKeyring();

describe('intake under faults', () => {
  it('with Temporal stopped answers 202; once Temporal is back the workflow starts without anyone retrying', async () => {
    const cli = { kind: 'path' as const, path: inject('temporalCliPath'), from: 'TEMPORAL_CLI_PATH' as const };
    const port = await freePort();
    const serverOpts = { cli, port, dbFile: join(scratch, 'temporal.db'), logFile: join(scratch, 'temporal.log') };
    let temporal = await startTemporalDevServer(serverOpts);
    cleanup.add('temporal dev server', () => temporal.stop());
    const db = await createTestDb();
    cleanup.add('test database', () => db.close());
    const connection = Connection.lazy({ address: temporal.address, connectTimeout: 1000 });
    // The SDK's gRPC retry may still have a timer pending from the outage; closing the channel
    // under it throws from that timer. Close once the retry window has passed, without waiting.
    cleanup.add('client connection', async () => {
      setTimeout(() => void connection.close().catch(() => {}), 60_000).unref();
    });
    const client = new Client({ connection, dataConverter: dataConverter(keyring) });
    const taskQueue = `faults-${randomBytes(4).toString('hex')}`;
    const deps = createApiDeps({
      db: db.db,
      client,
      taskQueue,
      identityKey: randomBytes(32),
      keyring,
      policy: () => policy,
      log,
    });
    const app = await buildApp(deps);
    cleanup.add('api', () => app.close());
    const operator = await tokenFor(deps, ['smc_operator']);
    const drainer = startOutboxDrainer(deps.outbox, 250);
    cleanup.add('outbox drainer', () => drainer.stop());

    await temporal.stop();
    const res = await app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(), headers: operator });
    expect(res.statusCode).toBe(202);
    const { caseId, workflow } = res.json();
    expect(workflow).toBe('queued');
    // Committed: the case is readable from the database while Temporal is down.
    const read = await app.inject({ method: 'GET', url: `/cases/${caseId}`, headers: operator });
    expect(read.json()).toMatchObject({ source: 'database', case: { caseId, stage: 'received' } });

    temporal = await startTemporalDevServer(serverOpts);
    const native = await NativeConnection.connect({ address: temporal.address });
    cleanup.add('native connection', () => native.close());
    const mail = await startMailSink();
    cleanup.add('mail sink', () => mail.close());
    const transport = createTransport(mail.url);
    cleanup.add('mail transport', async () => transport.close());
    const worker = await createCaseWorker({
      connection: native,
      namespace: 'default',
      taskQueue,
      keyring,
      workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
      deps: {
        db: db.db,
        fields: deps.fields,
        transport,
        directory: exampleDirectory(),
        mailFrom: 'test@test.invalid',
        publicUrl: 'http://jeevan.test',
        log,
      },
    });
    const running = worker.run();
    cleanup.add('worker', async () => {
      worker.shutdown();
      await running;
    });

    const row = await eventually(
      async () => {
        const [r] = (
          await db.db.execute<{ started: Date | null; done: number }>(
            sql`SELECT c.workflow_started_at AS started, (SELECT count(*)::int FROM outbox o WHERE o.case_id = c.id AND o.done_at IS NOT NULL) AS done FROM cases c WHERE c.id = ${caseId}`,
          )
        ).rows;
        return r.done === 1 ? r : undefined;
      },
      'the outbox to hand the queued case to Temporal by itself',
      60_000,
      250,
    );
    expect(row.started).not.toBeNull();
    expect((await deps.cases.state(caseId, 5000)).stage).toBe('received');
  });

  it('with PostgreSQL stopped answers 503 and writes nothing; after it is back intake works again', async () => {
    const port = await freePort();
    const pg = await startEmbeddedPostgres({ dir: join(scratch, 'pg'), port, databases: ['jeevan'] });
    let pgRunning = true;
    cleanup.add('embedded postgres', async () => pgRunning && pg.stop());
    await runMigrations(pg.url('jeevan'));
    const db = connectDb(pg.url('jeevan'));
    cleanup.add('database pool', () => db.close());
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    cleanup.add('client connection', () => connection.close());
    const deps = createApiDeps({
      db: db.db,
      client: new Client({ connection, dataConverter: dataConverter(keyring) }),
      taskQueue: `pgdown-${randomBytes(4).toString('hex')}`,
      identityKey: randomBytes(32),
      keyring,
      policy: () => policy,
      log,
    });
    const app = await buildApp(deps);
    cleanup.add('api', () => app.close());
    const operator = await tokenFor(deps, ['smc_operator']);

    await pg.stop();
    pgRunning = false;
    const alert = sampleAlert();
    const down = await app.inject({ method: 'POST', url: '/alerts', payload: alert, headers: operator });
    expect(down.statusCode).toBe(503);
    expect(down.json().error).toMatchObject({ code: 'database_unavailable' });
    expect(down.headers['retry-after']).toBe('5');
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database.ok).toBe(false);

    const again = await startEmbeddedPostgres({ dir: join(scratch, 'pg'), port, databases: ['jeevan'] });
    cleanup.add('restarted embedded postgres', () => again.stop());
    const counts = await eventually(
      async () =>
        (
          await db.db.execute<{ n: string }>(
            sql`SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM cases) + (SELECT count(*) FROM outbox) AS n`,
          )
        ).rows[0],
      'the database to answer again',
    );
    expect(Number(counts.n)).toBe(0);
    const up = await app.inject({ method: 'POST', url: '/alerts', payload: alert, headers: operator });
    expect([201, 202]).toContain(up.statusCode);
  });
});
