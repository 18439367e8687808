// Debian's Chromium as the benchmarks start it: headless, and quiet on this machine's closed network.
import type { Browser, BrowserContext, Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A page opened by `openWatched`, and whether its watch script said it was done in time. */
export interface WatchedPage {
  page: Page
  /** Null when the watch flag was set in time; otherwise what did not happen. */
  error: string | null
}

/**
 * Opens `url` in a fresh 1280 × 800 context (cold cache) with `cookies`, after the init script `watch`
 * adds, which sets `window[flag].done` once the page is where the benchmark wants it; waits for that.
 * `load` covers the navigation and the wait. The page's console errors and uncaught errors go to
 * `pageErrors` (at most 10). `read` looks at the page before its context is closed.
 */
export async function openWatched<T>(
  browser: Browser,
  page: {
    url: string
    cookies: { name: string; value: string; url: string }[]
    /** Adds the init script that watches the page and sets `window[flag].done`. */
    watch: (context: BrowserContext) => Promise<unknown>
    flag: string
    timeoutMs: number
    polling: number
    notDone: string
  },
  load: { start: () => void; stop: () => void },
  pageErrors: string[],
  read: (watched: WatchedPage) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    await context.addCookies(page.cookies)
    await page.watch(context)
    const opened = await context.newPage()
    const note = (text: string): void =>
      void (pageErrors.length < 10 && pageErrors.push(`${page.url}: ${text}`))
    opened.on('console', (message) => message.type() === 'error' && note(message.text()))
    opened.on('pageerror', (error) => note(error.message))
    load.start()
    await opened.goto(page.url, { waitUntil: 'commit' })
    let error: string | null = null
    await opened
      .waitForFunction(
        (flag) => (window as unknown as Record<string, { done?: boolean } | undefined>)[flag]?.done,
        page.flag,
        { timeout: page.timeoutMs, polling: page.polling },
      )
      .catch(() => (error = `${page.notDone} within ${page.timeoutMs / 1000} s`))
    load.stop()
    return await read({ page: opened, error })
  } finally {
    await context.close()
  }
}
