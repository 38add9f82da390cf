import { createRequire } from 'node:module';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { type ActivityDeps, createActivities } from '../activities/index.js';
import type { Keyring } from '../config/index.js';
import { dataConverter } from '../lib/codec.js';

const require = createRequire(import.meta.url);

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Every payload the worker sends to Temporal is encrypted with it (lib/codec.ts). */
  keyring: Keyring;
  /** A prebuilt bundle (tests, production images) or, by default, bundle workflows/ at start. */
  workflowBundle?: WorkflowBundleOption;
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
}

export function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: workflowsPath() }),
    activities: createActivities(opts.deps),
    dataConverter: dataConverter(opts.keyring),
    maxCachedWorkflows: opts.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTaskExecutions,
    // A worker killed mid-task is noticed by the server quickly and its work rescheduled.
    stickyQueueScheduleToStartTimeout: '5s',
  });
}

export function workflowsPath(): string {
  return require.resolve('../workflows/index.ts');
}
