import { createRequire } from 'node:module';
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Transporter } from 'nodemailer';
import { type ActivityDeps, createActivities } from '../activities/index.js';
import type { Keyring, WorkerConfig } from '../config/index.js';
import type { Db } from '../db/client.js';
import { createFieldCrypto } from '../lib/crypto/field-crypto.js';
import { dbDirectory } from '../lib/directory/directory.js';
import { dataConverter, FAILURE_CONVERTER_PATH } from '../lib/temporal/codec.js';

const require = createRequire(import.meta.url);

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Every payload the worker sends to Temporal is encrypted with it (lib/temporal/codec.ts). */
  keyring: Keyring;
  /** CODEC_ACCEPT_LEGACY_PAYLOADS: unencrypted payloads are let through instead of refused. */
  acceptLegacyPayloads?: boolean;
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
    // Its workflows get a refusal marker for a plaintext payload (lib/temporal/codec.ts), never a failing task.
    dataConverter: dataConverter(opts.keyring, { plaintext: opts.acceptLegacyPayloads ? 'accept' : 'mark' }),
    maxCachedWorkflows: opts.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTaskExecutions,
    // A worker killed mid-task is noticed by the server quickly and its work rescheduled.
    stickyQueueScheduleToStartTimeout: '5s',
    // Stopping is bounded: running activities get 5 s to finish, then are cancelled (their
    // retries run on another worker), and a worker still not stopped at 20 s gives up
    // (run() rejects) rather than hang a deploy or a test's cleanup for ever.
    shutdownGraceTime: SHUTDOWN_GRACE,
    shutdownForceTime: SHUTDOWN_FORCE,
  });
}

export const SHUTDOWN_GRACE = '5s';
export const SHUTDOWN_FORCE = '20s';

export function workflowsPath(): string {
  return require.resolve('../workflows/index.ts');
}

/**
 * What a prebuilt workflow bundle must be built with (bundleWorkflowCode): the workflows and
 * the failure converter, so failures raised in the sandbox are sealed too (lib/temporal/codec.ts).
 */
export function workflowBundleOptions(): { workflowsPath: string; failureConverterPath: string } {
  return { workflowsPath: workflowsPath(), failureConverterPath: FAILURE_CONVERTER_PATH };
}

/**
 * The case worker wired from the worker's settings, as the worker program runs it (and the
 * bench, which times it): directory read from the database, field crypto and payload codec
 * from the keyring, tuning from WORKER_MAX_* settings.
 */
export function createConfiguredWorker(
  config: WorkerConfig,
  io: {
    connection: NativeConnection;
    db: Db;
    transport: Transporter;
    log: ActivityDeps['log'];
    workflowBundle?: WorkflowBundleOption;
    /** For the reconcile run's activity, which reads case workflows' status. */
    temporal?: Client;
  },
): Promise<Worker> {
  return createCaseWorker({
    connection: io.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    keyring: config.keyring,
    acceptLegacyPayloads: config.temporal.acceptLegacyPayloads,
    workflowBundle: io.workflowBundle,
    deps: {
      db: io.db,
      fields: createFieldCrypto(config.keyring),
      transport: io.transport,
      // Who each role reaches, read from the directory when each e-mail is sent (shifts honoured).
      directory: dbDirectory(io.db, config.profile.code),
      profile: config.profile,
      mailFrom: config.mailFrom,
      publicUrl: config.publicUrl,
      log: io.log,
      temporal: io.temporal,
      webhook: config.webhook,
      peers: config.peers,
    },
    maxCachedWorkflows: config.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
  });
}
