import { defineConfig } from 'vitest/config'

// One vitest run covers every package's *.test.ts; browser specs live in apps/web/e2e and run under Playwright.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/server/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
