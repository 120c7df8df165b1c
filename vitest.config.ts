import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'models/**/*.test.ts', 'workers/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on servers, agents and databases rather than compute, so a 2-core box gains from three
    // files at once (vitest's default would run one): the PostgreSQL run went from 700 s to 320 s.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    // CI retries a failed test once; test/support/outcome-reporter.ts names each one that needed it.
    retry: process.env.CI ? 1 : 0,
    reporters: ['default', './test/support/outcome-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
  },
})
