import { defineConfig } from 'vitest/config'

// One vitest run covers every package's *.test.ts; browser specs live in apps/web/e2e and run under Playwright.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
    // The real PostgreSQL and redis-server, started once per run for the tests that use them.
    globalSetup: ['apps/server/test/services/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
