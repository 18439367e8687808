// Time to a synced board in Chromium, as the canvas part's page loads measure it (pageLoad.ts): the
// therapist's board of a couple's live session, opened in a fresh browser context each time (cold cache,
// the login cookie copied in). A script added before the page's own checks it once per animation frame,
// on the page's clock from navigation start: the session header and every goal listed (first screen);
// the canvas bound (`data-ready="true"`: the editor mounted and the binding loaded); the canvas ready
// (bound, with every live shape in tldraw's DOM, which may come later on a large canvas). The board is
// synced when both the first screen and the ready canvas are there.
import type { BrowserContext, Browser as Chromium } from 'playwright-core'
import { openWatched } from '../chromium.ts'
import { OtherLoad } from './otherLoad.ts'

export interface BoardLoadSample {
  firstScreenMs: number | null
  /** The editor mounted and the binding loaded (`data-ready="true"`), shapes or not. */
  canvasBoundMs: number | null
  /** Bound, and every live shape has its element in tldraw's DOM (culled ones hidden). */
  canvasReadyMs: number | null
  /** First screen and ready canvas: the board as the therapist works with it. */
  syncedMs: number | null
  shapesInDom: number
  otherCores: number
  error: string | null
}

export interface BoardExpectation {
  goals: number
  shapes: number
}

interface Marks {
  firstScreen?: number
  canvasBound?: number
  canvasReady?: number
  done?: boolean
}

const syncTimeoutMs = 60_000
const shapeSelector = '.tl-shape:not(.tl-shape-background)'

/** Runs in the page before its scripts: checks the page once per animation frame until it is synced. */
function watchBoard({ goals, shapes, selector }: BoardExpectation & { selector: string }): void {
  if (window !== window.top) return
  const marks: Marks = {}
  Object.assign(window, { __programBench: marks })
  const check = (): void => {
    const now = performance.now()
    if (marks.firstScreen === undefined) {
      const listed = document.querySelectorAll('.goal-list > li').length
      if (document.querySelector('.session-title') && listed >= goals) marks.firstScreen = now
    }
    const canvas = document.querySelector('[data-testid="goal-canvas"][data-ready="true"]')
    if (canvas) {
      marks.canvasBound ??= now
      if (marks.canvasReady === undefined && canvas.querySelectorAll(selector).length >= shapes)
        marks.canvasReady = now
    }
    marks.done = marks.firstScreen !== undefined && marks.canvasReady !== undefined
    if (!marks.done) requestAnimationFrame(check)
  }
  requestAnimationFrame(check)
}

export async function loadBoard(
  browser: Chromium,
  browserPid: number,
  serverPid: number,
  url: string,
  cookies: { name: string; value: string; url: string }[],
  expected: BoardExpectation,
  pageErrors: string[],
): Promise<BoardLoadSample> {
  const load = new OtherLoad(() => [serverPid, browserPid])
  const page = {
    url,
    cookies,
    watch: (context: BrowserContext) =>
      context.addInitScript(watchBoard, { ...expected, selector: shapeSelector }),
    flag: '__programBench',
  }
  const waiting = { timeoutMs: syncTimeoutMs, polling: 250, notDone: 'not synced' }
  return openWatched(browser, { ...page, ...waiting }, load, pageErrors, async ({ page: opened, error }) => {
    const seen = await opened.evaluate((selector) => {
      const marks = (window as unknown as { __programBench?: Marks }).__programBench ?? {}
      const canvas = document.querySelector('[data-testid="goal-canvas"]')
      return {
        marks,
        goalsListed: document.querySelectorAll('.goal-list > li').length,
        shapesInDom: document.querySelectorAll(selector).length,
        ready: canvas?.getAttribute('data-ready') ?? 'no canvas element',
      }
    }, shapeSelector)
    const { firstScreen, canvasBound, canvasReady } = seen.marks
    return {
      firstScreenMs: firstScreen ?? null,
      canvasBoundMs: canvasBound ?? null,
      canvasReadyMs: canvasReady ?? null,
      syncedMs:
        firstScreen !== undefined && canvasReady !== undefined ? Math.max(firstScreen, canvasReady) : null,
      shapesInDom: seen.shapesInDom,
      otherCores: load.cores,
      error:
        error &&
        `${error} (${seen.goalsListed}/${expected.goals} goals listed, canvas data-ready: ${seen.ready}, ` +
          `${seen.shapesInDom}/${expected.shapes} shapes in the DOM)`,
    }
  })
}
