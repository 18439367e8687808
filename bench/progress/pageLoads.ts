// Figure 2: link → interactive in Chromium, as the program part loads a board (boardLoad.ts): a fresh
// context each time (cold cache, the therapist's login cookie copied in), 1280 × 800, a script added
// before the page's own that checks it once per animation frame, on the page's clock from navigation
// start. The progress page (`/couples/:id/progress`) is interactive when its first chart is drawn
// (`svg.line-chart`) and a data-table button is enabled; the baseline, the therapist's board opened on
// the review part (`/s/:sessionId`, the shown part set to review), when the review heading is visible
// and every card's Move button is enabled. Then one frame and a task after it (a click now would be
// handled), as the firstscreen part counts. The JS and CSS the page fetched until then are kept.
import { chromium } from 'playwright-core'
import type { BrowserContext, Browser as Chromium } from 'playwright-core'
import { childrenOf } from '../call/procs.ts'
import { CHROMIUM, chromiumArgs, openWatched } from '../chromium.ts'
import { OtherLoad } from '../program/otherLoad.ts'
import { percentile } from '../stats.ts'

export type PageName = 'progress' | 'review board'

export interface PageRow {
  page: PageName
  path: string
  samples: { interactiveMs: number | null; otherCores: number; error: string | null }[]
  interactive: { p50: number; p90: number }
  /** JS and CSS fetched before interactive, in any load (paths on the server). */
  files: string[]
  otherCores: number
}

export interface PageLoads {
  pages: PageRow[]
  pageErrors: string[]
  error: string | null
}

interface Marks {
  interactiveMs?: number
  files?: string[]
  done?: boolean
}

const timeoutMs = 60_000

/** Runs in the page before its scripts. */
function watchPage({ page, cards }: { page: PageName; cards: number }): void {
  if (window !== window.top) return
  const marks: Marks = {}
  Object.assign(window, { __progressBench: marks })
  const ready = (): boolean => {
    if (page === 'progress')
      return (
        document.querySelector('svg.line-chart') !== null &&
        document.querySelector('.data-table > button:enabled') !== null
      )
    const heading = document.getElementById('review-heading')
    if (!heading?.checkVisibility()) return false
    return document.querySelectorAll('.review [data-move-toggle]:enabled').length >= cards
  }
  const check = (): void => {
    if (!ready()) {
      requestAnimationFrame(check)
      return
    }
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = performance.now()
        marks.interactiveMs = now
        marks.files = performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime < now)
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => /\.(js|css)$/.test(path))
        marks.done = true
      }),
    )
  }
  requestAnimationFrame(check)
}

async function loadOnce(
  browser: Chromium,
  pids: () => number[],
  url: string,
  cookies: { name: string; value: string; url: string }[],
  watch: { page: PageName; cards: number },
  pageErrors: string[],
): Promise<{ interactiveMs: number | null; files: string[]; otherCores: number; error: string | null }> {
  const load = new OtherLoad(pids)
  const page = {
    url,
    cookies,
    watch: (context: BrowserContext) => context.addInitScript(watchPage, watch),
    flag: '__progressBench',
  }
  const waiting = { timeoutMs, polling: 100, notDone: 'not interactive' }
  return openWatched(browser, { ...page, ...waiting }, load, pageErrors, async ({ page: opened, error }) => {
    const marks = await opened.evaluate(
      () => (window as unknown as { __progressBench?: Marks }).__progressBench ?? {},
    )
    return {
      interactiveMs: marks.interactiveMs ?? null,
      files: marks.files ?? [],
      otherCores: load.cores,
      error,
    }
  })
}

export async function measurePageLoads(
  options: {
    httpBase: string
    serverPid: number
    loads: number
    cookies: Map<string, string>
    pages: { page: PageName; path: string; cards: number }[]
  },
  log: (line: string) => void,
): Promise<PageLoads> {
  const result: PageLoads = {
    pages: options.pages.map(({ page, path }) => ({
      page,
      path,
      samples: [],
      interactive: { p50: NaN, p90: NaN },
      files: [],
      otherCores: NaN,
    })),
    pageErrors: [],
    error: null,
  }
  const before = new Set(childrenOf(process.pid).map((child) => child.pid))
  let browser: Chromium | null = null
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs })
    const browserPid = childrenOf(process.pid).find((c) => !before.has(c.pid) && /chrom/.test(c.comm))?.pid
    if (browserPid === undefined) throw new Error('could not find the Chromium process launched')
    const cookies = [...options.cookies].map(([name, value]) => ({ name, value, url: options.httpBase }))
    const files = result.pages.map(() => new Set<string>())
    // Loads alternate, each round starting with the next page, so a drift of the machine's load touches both.
    for (let i = 0; i < options.loads; i++) {
      for (let k = 0; k < options.pages.length; k++) {
        const at = (i + k) % options.pages.length
        const { page, path, cards } = options.pages[at]!
        const row = result.pages[at]!
        const one = await loadOnce(
          browser,
          () => [options.serverPid, browserPid],
          `${options.httpBase}${path}`,
          cookies,
          { page, cards },
          result.pageErrors,
        )
        row.samples.push({ interactiveMs: one.interactiveMs, otherCores: one.otherCores, error: one.error })
        for (const file of one.files) files[at]!.add(file)
      }
      const line = result.pages.map(
        (p) => `${p.page} ${Math.round(p.samples.at(-1)?.interactiveMs ?? NaN)} ms`,
      )
      log(`  load ${i + 1}/${options.loads}: ${line.join(', ')}`)
    }
    result.pages.forEach((row, at) => {
      const sorted = row.samples
        .map((s) => s.interactiveMs)
        .filter((v): v is number => v !== null)
        .sort((a, b) => a - b)
      row.interactive = { p50: percentile(sorted, 50), p90: percentile(sorted, 90) }
      row.files = [...files[at]!].sort()
      row.otherCores = Math.max(...row.samples.map((s) => s.otherCores))
    })
    result.error = result.pages.flatMap((p) => p.samples).find((s) => s.error !== null)?.error ?? null
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    await browser?.close()
  }
  return result
}
