// One error shape for the whole API, and the one place where Temporal's and PostgreSQL's
// errors, and the stores' ProblemErrors, become HTTP statuses. A 5xx never carries internals.
// The app installs it once (api/app.ts); no plugin has a handler of its own.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ProblemError } from '../lib/stores/problem-error.js';
import { CaseNotFoundError, StepRefusedError, TemporalUnavailableError } from '../lib/temporal/case-client.js';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'step_refused'
  | 'conflict'
  | 'payload_too_large'
  | 'not_acceptable'
  | 'temporal_unavailable'
  | 'database_unavailable'
  | 'not_ready'
  | 'internal';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: { field: string; problem: string }[],
  ) {
    super(message);
  }
}

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), problem: Type.String() }))),
      requestId: Type.String(),
    }),
  },
  { $id: 'Error', description: 'Every error the API returns has this shape.' },
);

/**
 * True for errors that mean PostgreSQL cannot be reached or is shutting down (Drizzle wraps the driver's error in
 * `cause`).
 */
export function isDatabaseDown(error: unknown): boolean {
  for (
    let e = error as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (
      [
        'ECONNREFUSED',
        'ECONNRESET',
        'ETIMEDOUT',
        'EPIPE',
        '57P01',
        '57P02',
        '57P03',
        '08000',
        '08001',
        '08003',
        '08006',
      ].includes(e.code ?? '')
    )
      return true;
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
        e.message ?? '',
      )
    )
      return true;
  }
  return false;
}

/** The directory, policy and report modules' ProblemError (lib/stores/problem-error.ts), as HTTP statuses. */
const PROBLEM_STATUS: Record<ProblemError['kind'], [number, ErrorCode]> = {
  invalid: [400, 'validation_failed'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  // A policy whose ladders reach nobody somewhere: a conflict with the directory as it is.
  policy_gap: [409, 'conflict'],
};

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ProblemError) {
    const [status, code] = PROBLEM_STATUS[error.kind];
    return new ApiError(status, code, error.message, error.problems.length ? error.problems : undefined);
  }
  const fastify = error as FastifyError;
  if (fastify?.validation) {
    const details = fastify.validation.map((v) => ({
      field: fieldOf(v.instancePath, v.params as Record<string, unknown>, fastify.validationContext),
      problem: v.message ?? 'is invalid',
    }));
    return new ApiError(
      400,
      'validation_failed',
      `invalid request ${fastify.validationContext ?? 'body'}: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`,
      details,
    );
  }
  if (fastify?.statusCode === 413) return new ApiError(413, 'payload_too_large', 'request body too large');
  if (fastify?.statusCode === 429)
    return new ApiError(429, 'rate_limited', 'too many requests; slow down and retry shortly');
  if (fastify?.statusCode && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new ApiError(fastify.statusCode, 'validation_failed', fastify.message);
  }
  if (error instanceof StepRefusedError) return new ApiError(409, 'step_refused', error.message);
  if (error instanceof CaseNotFoundError) return new ApiError(404, 'not_found', 'no such case');
  if (error instanceof TemporalUnavailableError)
    return new ApiError(
      503,
      'temporal_unavailable',
      'the workflow service did not answer in time; a step sent now may still take effect when it recovers: look at the case again before repeating it',
    );
  if (isDatabaseDown(error))
    return new ApiError(
      503,
      'database_unavailable',
      'the database is not reachable right now; nothing was changed; try again shortly',
    );
  return new ApiError(500, 'internal', 'internal error; it has been logged');
}

function fieldOf(path: string, params: Record<string, unknown>, context?: string): string {
  const extra = params?.additionalProperty ?? params?.missingProperty;
  const base = path.replace(/^\//, '').replaceAll('/', '.');
  const field = [base, extra].filter(Boolean).join('.');
  return field || context || 'body';
}

/** An error and its causes as operators need them: names, messages and codes (a driver's or gRPC's), no bodies. */
function describe(error: Error, depth = 0): Record<string, unknown> {
  const { name, message } = error;
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  return {
    name,
    // A failed query's message ends with its parameters (hashes, sealed fields): never logged.
    message: message.replace(/\nparams:[\s\S]*$/, '').slice(0, 300),
    ...(code !== undefined && { code }),
    ...(cause instanceof Error && depth < 3 && { cause: describe(cause, depth + 1) }),
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const api = toApiError(error);
  if (api.status >= 500) {
    // Log the cause (no bodies, no personal data) for operators; the client gets only the code.
    const cause = error instanceof Error ? describe(error) : { error: String(error) };
    request.log.error({ err: cause, code: api.code }, 'request failed');
  }
  if (api.status === 503) reply.header('retry-after', '5');
  return reply
    .status(api.status)
    .send({ error: { code: api.code, message: api.message, details: api.details, requestId: request.id } });
}
