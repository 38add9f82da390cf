import { configDefaults, defineConfig } from 'vitest/config';

// Settings every project repeats. The projects do not `extend` the root config on purpose:
// they would inherit its globalSetup and start one more Temporal server and PostgreSQL each.
const perProject = { pool: 'forks', testTimeout: 120_000, hookTimeout: 180_000 } as const;

export default defineConfig({
  test: {
    // Runs once, for the root; both projects read what it provides (inject).
    globalSetup: ['test/setup/global.ts'],
    ...perProject,
    // Integration files share one Temporal server and one PostgreSQL, each with its own
    // task queue and database, so they run in parallel safely.
    fileParallelism: true,
    // Two forks on a two-core machine: each runs its own worker next to the shared servers.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      // test/faults has its own config and servers (`npm run test:faults`).
      {
        test: {
          ...perProject,
          name: 'default',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/faults/**', 'test/browser/**'],
        },
      },
      // Browser tests (Chromium + a real listening API each): one file at a time, so a browser
      // never competes with another for the two cores.
      {
        test: {
          ...perProject,
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
      {
        // The case paths again with the worker's workflow cache off: every workflow task
        // replays the case's whole history first, so any nondeterminism fails here.
        test: {
          ...perProject,
          name: 'tiny-cache',
          include: ['test/integration/case-*.test.ts'],
          env: { JEEVAN_TEST_WORKFLOW_CACHE: '0' },
        },
      },
    ],
  },
});
