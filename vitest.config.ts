import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'models/**/*.test.ts', 'workers/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // CI retries a failed test once; test/support/outcome-reporter.ts names each one that needed it.
    retry: process.env.CI ? 1 : 0,
    reporters: ['default', './test/support/outcome-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
  },
})
