import { defineConfig } from 'vitest/config'

// npm run test:edge: API test files through HTTP against the Worker (test/edge/global-setup.ts). One file at a
// time: they share the Worker's database, and a file's match workers take that database's jobs.
export default defineConfig({
  test: {
    include: [
      'test/http/nul-bytes.test.ts',
      'test/http/body-limits.test.ts',
      'test/http/sign-up-enumeration.test.ts',
      'test/searches/search.routes.test.ts',
      'test/matches/matching.test.ts',
      'test/feed/feed-and-transparency.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 200_000,
    pool: 'forks',
    reporters: ['default', './test/support/outcome-reporter.ts'],
    fileParallelism: false,
    globalSetup: ['test/edge/global-setup.ts'],
  },
})
