// The case client's translation of Temporal's errors (lib/temporal/case-client.ts): a step or
// query whose gRPC call failed because Temporal was restarting is "unavailable" (503, retry),
// never an internal error (500). Found by the soak: 3,638 steps answered 500 on the dev server.
import { Metadata } from '@grpc/grpc-js';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { TemporalUnavailableError, translate } from '../../lib/temporal/case-client.js';

const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });

describe("Temporal's errors as the API answers them", () => {
  it.each([
    [14, 'UNAVAILABLE: connection refused'],
    [10, 'ABORTED: update aborted as the workflow context was cleared'],
    [8, 'RESOURCE_EXHAUSTED: namespace rate limit exceeded'],
    [4, 'DEADLINE_EXCEEDED'],
    [9, 'Unable to perform workflow execution update due to unexpected workflow task failure.'],
  ])('an update whose call failed with gRPC code %i is Temporal unavailable', (code, details) => {
    const error = new ServiceError('Workflow Update failed', { cause: grpcError(code, details) });
    expect(translate(error)).toBeInstanceOf(TemporalUnavailableError);
  });

  it('a timed-out update is Temporal unavailable (no worker answered)', () => {
    const error = new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpcError(4, 'deadline') });
    expect(translate(error)).toMatchObject({ name: 'TemporalUnavailableError', message: 'no worker answered in time' });
  });

  it('a call refused as wrong stays what it was (an internal error is still an internal error)', () => {
    const invalid = new ServiceError('Workflow Update failed', { cause: grpcError(3, 'INVALID_ARGUMENT: bad id') });
    expect(translate(invalid)).not.toBeInstanceOf(TemporalUnavailableError);
    const precondition = new ServiceError('Workflow Update failed', { cause: grpcError(9, 'namespace is not active') });
    expect(translate(precondition)).not.toBeInstanceOf(TemporalUnavailableError);
    expect(translate(new Error('something else'))).not.toBeInstanceOf(TemporalUnavailableError);
  });
});
