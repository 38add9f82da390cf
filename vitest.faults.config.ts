import { defineConfig } from 'vitest/config';

// `npm run test:faults`: fault injection against one topology (JEEVAN_TOPOLOGY=dev|postgres;
// the npm script runs both). Each file brings up its own slice of the system and kills parts of it.
export default defineConfig({
  test: {
    name: 'faults',
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/faults/global-setup.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 3,
    reporters: ['default'],
  },
});
