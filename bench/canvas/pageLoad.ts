// Canvas figure 2: time to an interactive canvas in Chromium for a 300-shape session. The production
// server (as `ours-secure`, serving a snapshot of apps/web/dist) hosts a session seeded through the sync
// socket; the therapist's board page is loaded in a fresh browser context each time (cold cache, the
// therapist's login cookie copied in), alternating with loads of the bare tldraw page with the same shapes.
import { chromium } from 'playwright-core'
import type { Browser as Chromium } from 'playwright-core'
import { startServer } from '../servers.ts'
import { setUpSecureSessions } from '../setup.ts'
import { serveReferencePage } from './referencePage.ts'
import { seedSession } from './seedSession.ts'
import { bareTldrawShapes } from './shapes.ts'
import type { SeedShape } from './shapes.ts'
import { CHROMIUM, chromiumArgs } from '../chromium.ts'

/** Milliseconds from navigation start, as the page's own clock reads them at an animation frame. */
export interface LoadSample {
  /** The session header and every seeded goal in the goal list are in the page (ours only). */
  firstScreenMs: number | null
  /** `[data-testid="goal-canvas"]` has `data-ready="true"`: the editor is mounted (and bound, in ours). */
  canvasReadyMs: number | null
  /** Ready, and every shape has its element in tldraw's DOM. */
  interactiveMs: number | null
  /** The last script (JS file) the page fetched had arrived: the rest is parsing, running, mounting. */
  scriptsLoadedMs: number | null
  shapesInDom: number
  /** Of those, the ones not culled (tldraw hides off-screen shapes with display: none). */
  shapesShown: number
  error: string | null
}

export interface PageLoadResult {
  error: string | null
  ours: LoadSample[]
  reference: LoadSample[]
  median: {
    oursFirstScreenMs: number
    oursScriptsLoadedMs: number
    oursInteractiveMs: number
    referenceScriptsLoadedMs: number
    referenceInteractiveMs: number
  }
  goals: number
  /** Console errors and uncaught page errors, with the page they came from (at most 10). */
  pageErrors: string[]
}

interface Expectation {
  shapes: number
  /** Goals the first screen must list; null for the reference, which has no first screen of its own. */
  goals: number | null
}

interface Marks {
  firstScreen?: number
  canvasReady?: number
  interactive?: number
  done?: boolean
}

const shapeSelector = '.tl-shape:not(.tl-shape-background)'

/** Runs in the page before its scripts: checks the page once per animation frame until it is interactive. */
function watchLoad({ shapes, goals, selector }: Expectation & { selector: string }): void {
  if (window !== window.top) return
  const marks: Marks = {}
  Object.assign(window, { __canvasBench: marks })
  const check = (): void => {
    const now = performance.now()
    if (goals !== null && marks.firstScreen === undefined) {
      const listed = document.querySelectorAll('.goal-list > li').length
      if (document.querySelector('.session-title') && listed >= goals) marks.firstScreen = now
    }
    const canvas = document.querySelector('[data-testid="goal-canvas"][data-ready="true"]')
    if (canvas) {
      marks.canvasReady ??= now
      if (marks.interactive === undefined && canvas.querySelectorAll(selector).length >= shapes)
        marks.interactive = now
    }
    marks.done = marks.interactive !== undefined && (goals === null || marks.firstScreen !== undefined)
    if (!marks.done) requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

async function loadOnce(
  browser: Chromium,
  url: string,
  cookies: { name: string; value: string; url: string }[],
  expected: Expectation,
  pageErrors: string[],
): Promise<LoadSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    if (cookies.length > 0) await context.addCookies(cookies)
    await context.addInitScript(watchLoad, { ...expected, selector: shapeSelector })
    const page = await context.newPage()
    const note = (text: string): void => void (pageErrors.length < 10 && pageErrors.push(`${url}: ${text}`))
    page.on('console', (message) => message.type() === 'error' && note(message.text()))
    page.on('pageerror', (error) => note(error.message))
    await page.goto(url, { waitUntil: 'commit' })
    let error: string | null = null
    await page
      .waitForFunction(() => (window as unknown as { __canvasBench?: Marks }).__canvasBench?.done, null, {
        timeout: 60_000,
        polling: 250,
      })
      .catch(() => (error = 'not interactive within 60 s'))
    const seen = await page.evaluate((selector) => {
      const marks = (window as unknown as { __canvasBench?: Marks }).__canvasBench ?? {}
      const shapes = [...document.querySelectorAll<HTMLElement>(selector)]
      const canvas = document.querySelector('[data-testid="goal-canvas"]')
      const scripts = performance
        .getEntriesByType('resource')
        .filter((entry) => new URL(entry.name).pathname.endsWith('.js'))
        .map((entry) => (entry as PerformanceResourceTiming).responseEnd)
      return {
        marks,
        scriptsLoaded: scripts.length > 0 ? Math.max(...scripts) : null,
        shapesInDom: shapes.length,
        shapesShown: shapes.filter((shape) => getComputedStyle(shape).display !== 'none').length,
        ready: canvas?.getAttribute('data-ready') ?? 'no canvas element',
      }
    }, shapeSelector)
    return {
      firstScreenMs: seen.marks.firstScreen ?? null,
      canvasReadyMs: seen.marks.canvasReady ?? null,
      interactiveMs: seen.marks.interactive ?? null,
      scriptsLoadedMs: seen.scriptsLoaded,
      shapesInDom: seen.shapesInDom,
      shapesShown: seen.shapesShown,
      error: error && `${error} (data-ready: ${seen.ready}, ${seen.shapesInDom} shapes in the DOM)`,
    }
  } finally {
    await context.close()
  }
}

function median(values: (number | null)[]): number {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

export async function measurePageLoads(
  options: { loads: number; webDist: string; referenceDir: string; shapes: SeedShape[] },
  log: (line: string) => void,
): Promise<PageLoadResult> {
  const result: PageLoadResult = {
    error: null,
    ours: [],
    reference: [],
    median: {
      oursFirstScreenMs: NaN,
      oursScriptsLoadedMs: NaN,
      oursInteractiveMs: NaN,
      referenceScriptsLoadedMs: NaN,
      referenceInteractiveMs: NaN,
    },
    goals: 0,
    pageErrors: [],
  }
  const cleanUps: (() => Promise<void> | void)[] = []
  try {
    const server = await startServer('ours-secure', { env: { WEB_DIST: options.webDist } })
    cleanUps.push(
      () => server.cleanUp(),
      () => server.stop(),
    )
    const httpBase = server.httpBase as string
    const { plan, therapist } = await setUpSecureSessions(httpBase, 1, log)
    const sessionId = plan.sessionIds[0] as string
    const [therapistToken, partnerAToken] = plan.tokens?.[0] ?? []
    if (!therapistToken || !partnerAToken) throw new Error('the set-up gave no connect tokens')
    const seeded = await seedSession(
      server.wsBase,
      sessionId,
      { therapist: therapistToken, partnerA: partnerAToken },
      options.shapes,
    )
    cleanUps.push(() => seeded.stayingClient.destroy())
    result.goals = seeded.goals
    const site = await serveReferencePage(
      options.referenceDir,
      JSON.stringify(bareTldrawShapes(options.shapes)),
    )
    cleanUps.push(() => site.close())
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs })
    cleanUps.push(() => browser.close())

    const cookies = [...therapist.cookies].map(([name, value]) => ({ name, value, url: httpBase }))
    const shapes = options.shapes.length
    // Alternating, so a drift of the machine's load over the run touches both alike.
    for (let i = 0; i < options.loads; i++) {
      const board = `${httpBase}/s/${encodeURIComponent(sessionId)}`
      result.ours.push(
        await loadOnce(browser, board, cookies, { shapes, goals: seeded.goals }, result.pageErrors),
      )
      result.reference.push(await loadOnce(browser, site.url, [], { shapes, goals: null }, result.pageErrors))
      const last = result.ours.at(-1) as LoadSample
      log(
        `  load ${i + 1}/${options.loads}: ours interactive ${Math.round(last.interactiveMs ?? NaN)} ms, ` +
          `bare tldraw ${Math.round(result.reference.at(-1)?.interactiveMs ?? NaN)} ms`,
      )
    }
    const failed = [...result.ours, ...result.reference].find((sample) => sample.error !== null)
    if (failed) result.error = failed.error
    result.median = {
      oursFirstScreenMs: median(result.ours.map((s) => s.firstScreenMs)),
      oursScriptsLoadedMs: median(result.ours.map((s) => s.scriptsLoadedMs)),
      oursInteractiveMs: median(result.ours.map((s) => s.interactiveMs)),
      referenceScriptsLoadedMs: median(result.reference.map((s) => s.scriptsLoadedMs)),
      referenceInteractiveMs: median(result.reference.map((s) => s.interactiveMs)),
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    for (const cleanUp of cleanUps.reverse()) await cleanUp()
  }
  return result
}
