// No text the API takes may hold the NUL character: PostgreSQL cannot store it (in text or
// jsonb), so a NUL that got past validation failed later as a 500, or in an activity. It is
// refused up front, naming the field, before anything is written.
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.js';

/**
 * The path of the first string holding U+0000 in a parsed body, query or params (iterative: bodies may nest deeply).
 */
export function nulField(root: unknown, base: string): string | undefined {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path || base;
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes('\u0000')) return path || base;
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

export function refuseNul(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['query', request.query],
      ['params', request.params],
    ] as const) {
      const field = nulField(value, part);
      if (field) {
        const problem = 'must not contain the NUL character (\\u0000)';
        throw new ApiError(400, 'validation_failed', `invalid request ${part}: ${field} ${problem}`, [
          { field, problem },
        ]);
      }
    }
  });
}
