// The baseline worker: bench/baselines/workflows.ts from a prebuilt bundle on its own task
// queue, tuned like the case worker. A separate process, so its CPU is counted apart.
import { readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { reportMemoryEverySecond } from '../programs.js';
import { baselineActivities } from './activities.js';

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`baseline worker: ${name} is required`);
  return value;
};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: need('BENCH_BASELINE_TASK_QUEUE'),
    workflowBundle: { code: readFileSync(need('BENCH_BASELINE_BUNDLE'), 'utf8') },
    activities: baselineActivities(need('SMTP_URL'), process.env.DATABASE_URL),
    maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS ?? 1000),
    maxConcurrentActivityTaskExecutions: Number(process.env.WORKER_MAX_CONCURRENT_ACTIVITIES ?? 100),
    maxConcurrentWorkflowTaskExecutions: Number(process.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ?? 40),
    stickyQueueScheduleToStartTimeout: '5s',
  });
  const running = worker.run();
  reportMemoryEverySecond();
  console.log(JSON.stringify({ ready: true, pid: process.pid }));
  await running;
  await connection.close();
}

main().catch((error) => {
  console.error(`baseline worker failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
