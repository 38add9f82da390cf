// Every operation of the served OpenAPI document, fuzzed from its contract with fast-check:
// valid and broken bodies, path parameters and query strings, hostile payloads, odd headers
// and content types, as every kind of caller. JEEVAN_FUZZ_RUNS sets the runs per operation
// (default 200; the soak passes 1000). docs/testing.md, "Fuzzing from the contract".
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../fuzz/fuzz-checks.js';
import { createFuzzEnv, type FuzzEnv } from '../fuzz/fuzz-env.js';
import { type Operation, operationsOf } from '../fuzz/operations.js';
import { requestsFor } from '../fuzz/requests.js';

const RUNS = Number(process.env.JEEVAN_FUZZ_RUNS ?? 200);
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new Error('JEEVAN_FUZZ_RUNS must be a whole number of runs per operation, at least 1');

let fz: FuzzEnv;
let operations: Operation[];
beforeAll(async () => {
  fz = await createFuzzEnv();
  operations = operationsOf((await fz.env.app.inject({ method: 'GET', url: '/docs/json' })).json());
}, 300_000);
afterAll(() => fz?.close());

describe('contract fuzz', () => {
  it(
    `every operation, ${RUNS} runs each: no 5xx, one error shape, refusals change nothing, no canary leaks`,
    async () => {
      const checker = await createChecker(fz);
      const identities = Object.keys(fz.identities);
      const failures: string[] = [];
      const started = Date.now();
      for (const op of operations) {
        const requests = requestsFor(op, { hints: fz.hints, identities, known: fz.known });
        const property = fc.asyncProperty(requests, async (req) => {
          const problem = await checker.check(op, req);
          if (problem) throw new Error(problem);
        });
        // No shrinking: every run changes the database, and the failing request is printed whole.
        const result = await fc.check(property, { numRuns: RUNS, endOnFailure: true });
        if (result.failed) {
          const req = result.counterexample?.[0];
          failures.push(
            `${op.key}: ${(result.errorInstance as Error)?.message} (seed ${result.seed})\n  ${JSON.stringify(req).slice(0, 800)}`,
          );
        }
      }
      const t = checker.tally;
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const statuses = Object.entries(t.byStatus)
        .map(([s, n]) => `${s}:${n}`)
        .join(' ');
      console.log(
        `contract fuzz: ${operations.length} operations × ${RUNS} runs = ${t.runs} requests in ${seconds} s; 5xx: ${t.fiveXx}; statuses ${statuses}`,
      );
      expect(operations.length).toBeGreaterThanOrEqual(60);
      expect(failures, failures.join('\n')).toEqual([]);
      expect(t.fiveXx).toBe(0);
    },
    Math.max(600_000, RUNS * 3_000),
  );
});
