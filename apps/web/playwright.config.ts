import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

// This port and LiveKit's (27880–27882) are below the kernel's ephemeral range (32768–60999): no socket
// opened during the run (a browser's, a test's) is given them by chance.
const port = Number(process.env.E2E_PORT ?? 28787)
// Workers load this file again; the variable makes them share the one data directory of the server.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'session-board-e2e-'))

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    // Debian's Chromium: a downloaded browser cannot be fetched on these machines.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The video call: a fake camera and microphone, no permission prompt, and WebRTC on loopback
        // (the test LiveKit server advertises 127.0.0.1 only).
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--allow-loopback-in-peer-connection',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    // The real thing: the production build served by the real server, on loopback, with fresh data.
    command: 'pnpm run build && node ../server/src/index.ts',
    url: `http://127.0.0.1:${port}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      LOG_LEVEL: 'warn',
      // The server starts its own livekit-server on loopback; the tests need it, so it must be there.
      LIVEKIT_LOCAL_PORT: process.env.E2E_LIVEKIT_PORT ?? '27880',
      LIVEKIT_REQUIRED: '1',
    },
  },
})
