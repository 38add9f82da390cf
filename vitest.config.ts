import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/setup/global.ts'],
    pool: 'forks',
    // Integration files share one Temporal server and one PostgreSQL, each with its own
    // task queue and database, so they run in parallel safely.
    fileParallelism: true,
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'] } },
      {
        // The case paths again with the worker's workflow cache off: every workflow task
        // replays the case's whole history first, so any nondeterminism fails here.
        extends: true,
        test: { name: 'tiny-cache', include: ['test/integration/case-*.test.ts'], env: { JEEVAN_TEST_WORKFLOW_CACHE: '0' } },
      },
    ],
  },
});
