import { defineConfig } from 'vitest/config'

const serverTests = 'apps/server/test/**/*.test.ts'

/**
 * Server test files the `postgres` project leaves to the `sqlite` one. Some start no test server (they
 * test one part alone, or already run on both stores, or spawn index.ts), so a second run would repeat
 * the first. The others are about one SQLite file or one process: upgrading an old file, rows written
 * behind the server's back, client ids forgotten in the file, one instance's memory, the flood guard
 * for made-up session ids (which counts per instance by design) and the memory held by a refused body.
 */
const notTwice = [
  // No test server of their own.
  'access/phi',
  'call/callKeys',
  'changes',
  'databaseClock',
  'env',
  'fanout/redisBus',
  'fanout/redisFanout',
  'logs',
  'multiInstance/crossInstance',
  'multiInstance/failover',
  'multiInstance/openRooms',
  'partners/admit',
  'partners/passkeyCeremonies',
  'partners/upgrade',
  'postgresSql',
  'progressCharts',
  'registry',
  'restart',
  'sqliteSql',
  'store',
  'testServices',
  // One SQLite file, or one process (body limits are the HTTP layer's on any store, and their memory
  // check measures the one process the server runs in).
  'access/authorship',
  'access/bodyLimits',
  'access/doorFlood',
  'access/honestClients',
  'eviction',
  'migrateOnLoad',
  'progress/tablesUpgrade',
  'upgradeFromMain',
  'walCheckpoints',
].map((name) => `apps/server/test/${name}.test.ts`)

// One vitest run covers every package's *.test.ts; browser specs live in apps/web/e2e and run under
// Playwright. The `postgres` project runs the server suites again with each test server as two
// instances on PostgreSQL and Redis (see testStore in apps/server/test/helpers.ts).
export default defineConfig({
  test: {
    // The real PostgreSQL and redis-server, started once per run for the tests that use them.
    globalSetup: ['apps/server/test/services/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', serverTests],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [serverTests],
          exclude: notTwice,
          env: { BOARD_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
})
