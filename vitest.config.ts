import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript source (the `source` export condition), so no build
// step is needed to test. Both blocks are needed: node-environment tests resolve through `ssr`.
export default defineConfig({
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'tests/integration/**/*.test.ts',
    ],
    // Tests start real process trees; on a 2-core machine two files at a time is the honest limit.
    maxWorkers: 2,
    // On CI only, a failed test gets one more try: these suites time real processes on a shared 2-core
    // machine. A test that fails twice still fails the run; locally every failure shows at once.
    retry: process.env.CI ? 1 : 0,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
