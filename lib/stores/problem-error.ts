// Errors of the directory, policy and report modules, with the field-level problems the API
// passes on in its one error shape (api/errors.ts maps them to HTTP statuses).
import type { Problem } from '../../domain/directory-rows.js';

export type ProblemKind = 'invalid' | 'not_found' | 'conflict' | 'policy_gap';

export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

export function invalid(problems: Problem[], what = 'input'): ProblemError {
  return new ProblemError(
    'invalid',
    `invalid ${what}: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
    problems,
  );
}

/** PostgreSQL's unique violation (Drizzle wraps the driver's error as its cause). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
