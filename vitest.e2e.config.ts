import { defineConfig } from 'vitest/config'

/** Browser journeys (`npm run test:e2e`): the real server, Debian's chromium through playwright-core. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/support/outcome-reporter.ts'],
    fileParallelism: false,
  },
})
