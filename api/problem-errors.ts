// The directory, policy and report modules throw ProblemError (lib/problem-error.ts); their
// routes answer it in the API's one error shape. Registered inside those route plugins only.
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../lib/problem-error.js';
import { ApiError, type ErrorCode, sendError } from './errors.js';

const STATUS: Record<ProblemError['kind'], [number, ErrorCode]> = {
  invalid: [400, 'validation_failed'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  // A policy whose ladders reach nobody somewhere: a conflict with the directory as it is.
  policy_gap: [409, 'conflict'],
};

export function handleProblems(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof ProblemError)) return sendError(request, reply, error);
    const [status, code] = STATUS[error.kind];
    return sendError(request, reply, new ApiError(status, code, error.message, error.problems.length ? error.problems : undefined));
  });
}

/** Who is acting: the signed-in identity the auth guard attached to the request. */
export const actorOf = (request: { identity?: { username: string } }): string => request.identity?.username ?? 'unknown';
