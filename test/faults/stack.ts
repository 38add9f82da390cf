// One fault test's own running system (harness.ts), in the run's context: the topology,
// shared servers and workflow bundle that the fault suite's global setup provides.
import { inject } from 'vitest';
import { createTestDb } from '../helpers/db.js';
import { type Stack, type StackContext, type StackOptions, startStackIn } from './harness.js';

export type { Crashable, Restartable, Stack, StackContext, StackOptions } from './harness.js';

/** The fault suite's context, from its global setup (global-setup.ts). */
export function faultsContext(): StackContext {
  return {
    topology: inject('topology'),
    resultsDir: inject('faultsResultsDir'),
    temporalAddress: inject('temporalAddress'),
    pgAdminUrl: inject('pgAdminUrl'),
    workflowBundlePath: inject('workflowBundlePath'),
    temporalCliPath: inject('temporalCliPath'),
    temporalServerPath: inject('temporalServerPath'),
    temporalSqlToolPath: inject('temporalSqlToolPath'),
    createDb: createTestDb,
  };
}

export function startStack(opts: StackOptions): Promise<Stack> {
  return startStackIn(faultsContext(), opts);
}
