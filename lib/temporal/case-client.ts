// The API's (and the tests') way to a case workflow. It turns Temporal's errors into a
// few typed ones that api/errors.ts maps to HTTP statuses.
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { AlertSummary, CaseInput, CaseState } from '../../contract/case.js';
import { CASE_WORKFLOW_TYPE, caseWorkflowId } from '../../contract/ids.js';
import {
  getState,
  peerEvent,
  STEP_REFUSED,
  type StepArgs,
  signals,
  stepUpdates,
  type UpdateStep,
} from '../../contract/messages.js';
import type { PeerEventArgs } from '../../contract/network.js';
import { caseSearchAttributes } from '../../contract/search-attributes.js';
import type { SignalStep } from '../../contract/steps.js';

export class StepRefusedError extends Error {
  override name = 'StepRefusedError';
}
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
}
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
}

export interface CaseClientOptions {
  taskQueue: string;
  /** How long a step may wait for a worker before the caller is told the system is unavailable. */
  stepTimeoutMs?: number;
}

export function caseClient(client: Client, opts: CaseClientOptions) {
  const timeout = opts.stepTimeoutMs ?? 15_000;
  const withTimeout = timeoutFor(client);
  const handle = (caseId: string) => client.workflow.getHandle(caseWorkflowId(caseId));

  return {
    /** Starts the workflow of a case. Idempotent: an already running case counts as started. */
    async start(input: CaseInput, timeoutMs = timeout, carried?: CaseState): Promise<'started' | 'already_started'> {
      try {
        await withTimeout(
          () =>
            client.workflow.start(CASE_WORKFLOW_TYPE, {
              taskQueue: opts.taskQueue,
              workflowId: caseWorkflowId(input.caseId),
              args: carried ? [input, carried] : [input],
              // A case whose workflow was terminated or failed may be restarted from its last
              // state (the reconciler does this); a case that closed normally never runs again.
              workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
              typedSearchAttributes: caseSearchAttributes({
                stage: carried?.stage ?? 'received',
                district: carried?.district?.code ?? input.districtHint ?? 'unknown',
                severity: carried?.severity ?? input.severity,
                level: carried?.escalation.level ?? 0,
                overdue: carried?.escalation.overdue ?? false,
                outcome: carried?.outcome?.outcome ?? 'none',
                drill: input.drill,
              }),
              staticSummary: `Case ${input.caseId} · ${input.severity}${input.drill ? ' · DRILL' : ''} · ${input.alert.platform} ${input.alert.contentKind}`,
            }),
          timeoutMs,
        );
        return 'started';
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already_started';
        throw translate(error);
      }
    },

    async step<S extends UpdateStep>(caseId: string, step: S, args: StepArgs<S>): Promise<CaseState> {
      try {
        return await withTimeout(
          () => handle(caseId).executeUpdate(stepUpdates[step] as never, { args: [args] as never }),
          timeout,
        );
      } catch (error) {
        throw translate(error);
      }
    },

    /** A peer Jeevan's answer about a case transferred to it (workflows/network-watch.ts). */
    async peerEvent(caseId: string, args: PeerEventArgs): Promise<CaseState> {
      try {
        return await withTimeout(() => handle(caseId).executeUpdate(peerEvent, { args: [args] }), timeout);
      } catch (error) {
        throw translate(error);
      }
    },

    async signal(caseId: string, name: SignalStep, args: StepArgs<SignalStep>): Promise<void> {
      try {
        await withTimeout(() => handle(caseId).signal(signals[name] as never, args as never), timeout);
      } catch (error) {
        throw translate(error);
      }
    },

    async attachAlert(caseId: string, alert: AlertSummary, timeoutMs = timeout): Promise<void> {
      try {
        await withTimeout(() => handle(caseId).signal(signals.attachAlert, alert), timeoutMs);
      } catch (error) {
        throw translate(error);
      }
    },

    /** RUNNING, COMPLETED, TERMINATED, … or undefined when Temporal has no such workflow. */
    async status(caseId: string): Promise<string | undefined> {
      try {
        return (await withTimeout(() => latestRun(client, caseWorkflowId(caseId)), timeout)).status;
      } catch (error) {
        const e = translate(error);
        if (e instanceof CaseNotFoundError) return undefined;
        throw e;
      }
    },

    async state(caseId: string, timeoutMs = 10_000): Promise<CaseState> {
      try {
        return await withTimeout(() => handle(caseId).query(getState), timeoutMs);
      } catch (error) {
        throw translate(error);
      }
    },
  };
}

export type CaseClient = ReturnType<typeof caseClient>;

const STATUS = proto.temporal.api.enums.v1.WorkflowExecutionStatus;

/**
 * The latest run of a workflow: its ID and status (named as the SDK names them: RUNNING,
 * TERMINATED, CANCELLED, …). Read without decoding any of its payloads, so a run started in
 * Temporal with a plaintext summary or memo, which the codec refuses, is still seen.
 */
export async function latestRun(client: Client, workflowId: string): Promise<{ runId: string; status: string }> {
  const { workflowExecutionInfo: info } = await client.workflowService.describeWorkflowExecution({
    namespace: client.options.namespace,
    execution: { workflowId },
  });
  const name = STATUS[info?.status ?? 0]?.replace('WORKFLOW_EXECUTION_STATUS_', '') ?? 'UNKNOWN';
  return { runId: info?.execution?.runId ?? '', status: name === 'CANCELED' ? 'CANCELLED' : name };
}

/**
 * gRPC codes that mean Temporal (or the way to it) is down or restarting, not that the call was wrong: CANCELLED,
 * DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE.
 */
const UNAVAILABLE_CODES = new Set([1, 4, 8, 10, 14]);

/** The gRPC error in an error's cause chain (the SDK wraps it in a ServiceError), if any. */
function grpcCause(error: unknown): { code: number; details: string } | undefined {
  for (
    let e = error as { code?: unknown; details?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'number' && 'metadata' in e) return { code: e.code, details: String(e.details ?? '') };
    e = e.cause as typeof e;
  }
  return undefined;
}

/**
 * Temporal is down or restarting, or the update was not applied because the workflow task that carried it failed (a
 * worker killed mid-task: the server's WorkflowNotReady, FAILED_PRECONDITION) and may be sent again.
 */
function unavailable(cause: { code: number; details: string } | undefined): boolean {
  if (!cause) return false;
  return (
    UNAVAILABLE_CODES.has(cause.code) || (cause.code === 9 && /not ready|workflow task failure/i.test(cause.details))
  );
}

/** Temporal's errors as the few the API answers with (exported for its unit test). */
export function translate(error: unknown): Error {
  if (
    error instanceof StepRefusedError ||
    error instanceof CaseNotFoundError ||
    error instanceof TemporalUnavailableError
  )
    return error;
  if (
    error instanceof WorkflowUpdateFailedError &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === STEP_REFUSED
  ) {
    return new StepRefusedError(error.cause.message);
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
    return new StepRefusedError(error.cause.message);
  if (error instanceof WorkflowNotFoundError) return new CaseNotFoundError('no such case workflow');
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
    return new TemporalUnavailableError('no worker answered in time');
  // An update or query whose gRPC call failed because Temporal was restarting or unreachable:
  // the SDK's ServiceError('Workflow Update failed') carries the code only in its cause.
  if (unavailable(grpcCause(error))) return new TemporalUnavailableError('Temporal is not reachable');
  const message = error instanceof Error ? error.message : String(error);
  if (/workflow.*(not found|completed|already finished)|sql: no rows/i.test(message))
    return new CaseNotFoundError('no running case workflow');
  if (/UNAVAILABLE|ECONNREFUSED|DEADLINE_EXCEEDED|timed out|connect|Failed to query/i.test(message))
    return new TemporalUnavailableError('Temporal is not reachable');
  return error instanceof Error ? error : new Error(message);
}

/**
 * Bounds a call: at 3 a.m. a hung request is worse than a clear "try again". On timeout the
 * call is cancelled (its gRPC retries stop too), and its later failure is swallowed, so an
 * abandoned call can never surface as an unhandled error or outlive its connection.
 */
function timeoutFor(client: Client) {
  return async function withTimeout<T>(call: () => Promise<T>, ms: number): Promise<T> {
    const abort = new AbortController();
    // The deadline also ends the SDK's own gRPC retries, which an abort does not reach.
    const promise = client.connection.withAbortSignal(abort.signal, () =>
      client.connection.withDeadline(Date.now() + ms, call),
    );
    promise.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            abort.abort();
            reject(new TemporalUnavailableError(`Temporal did not answer within ${ms} ms`));
          }, ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}
