// One load of the firstscreen part: a fresh browser context (cold cache) opens a partner's invitation
// link, goes through the join page as a person does (name, consent, "Join the board", then "Not now" to
// the passkey offer) and waits until the board is interactive; or it opens the bare tldraw page and
// waits for its canvas. A script added before the page's own checks the page once per animation frame;
// times are read on the browser's clock (performance.timeOrigin), so they span the join page and the
// board page it opens, and are kept for the board page in the tab's sessionStorage.
import type { Browser as Chromium, BrowserContextOptions, Page } from 'playwright-core'
import { OtherLoad } from '../program/otherLoad.ts'

export type Viewport = 'laptop' | 'phone'

export const viewports: Record<
  Viewport,
  { label: string; context: BrowserContextOptions; slowdown: number }
> = {
  laptop: { label: 'laptop 1440×900', context: { viewport: { width: 1440, height: 900 } }, slowdown: 1 },
  phone: {
    label: 'phone 390×844, 4× CPU',
    context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    slowdown: 4,
  },
}

/** What the load waits for: the couple's board through a link, or the bare tldraw page's canvas. */
export type Target = 'board' | 'canvas'

export interface LoadSample {
  /** From navigating to the link until the board is interactive (bare tldraw: its canvas). */
  totalMs: number | null
  /** From navigating to the link until the click that opens the board (the join page, the passkey offer). */
  joinMs: number | null
  /** From that click until the board is interactive. */
  boardMs: number | null
  /** Paths of the JS and CSS files the page requested before it was interactive, the join page's too. */
  files: string[]
  /** A fixed loop run in the page after the load, to check that the CPU slowdown held on the board. */
  loopMs: number | null
  otherCores: number
  error: string | null
}

interface Marks {
  totalMs?: number
  joinMs?: number
  boardMs?: number
  files?: string[]
  done?: boolean
}

const timeoutMs = 60_000

/** Runs in every page of the context before its scripts. */
function watchFirstScreen(target: Target): void {
  if (window !== window.top) return
  const key = (name: string): string => `firstscreen:${name}`
  sessionStorage.setItem(key('start'), sessionStorage.getItem(key('start')) ?? String(performance.timeOrigin))
  const requested = (before: number): string[] =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime < before)
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => /\.(js|css)$/.test(path))
  const kept = (): string[] => JSON.parse(sessionStorage.getItem(key('files')) ?? '[]') as string[]
  // The join page is left for the board with location.replace: keep what it fetched and the last click.
  addEventListener('pagehide', () =>
    sessionStorage.setItem(key('files'), JSON.stringify([...kept(), ...requested(Infinity)])),
  )
  addEventListener(
    'click',
    (event) => sessionStorage.setItem(key('click'), String(performance.timeOrigin + event.timeStamp)),
    true,
  )
  if (target === 'board' && !location.pathname.startsWith('/s/')) return

  const marks: Marks = {}
  Object.assign(window, { __firstScreen: marks })
  const ready = (): boolean => {
    if (target === 'canvas')
      return document.querySelector('[data-testid="goal-canvas"][data-ready="true"]') !== null
    if (!document.querySelector('[data-phase="live"]')) return false
    const heading = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')].find(
      (element) => element.textContent?.trim() === 'Goal huddle' && element.checkVisibility(),
    )
    const huddle = heading?.closest('section, [role="region"], [role="tabpanel"]')
    return huddle?.querySelector('button:enabled, input:enabled') != null
  }
  const check = (): void => {
    if (!ready()) {
      requestAnimationFrame(check)
      return
    }
    // Interactive once that frame is painted and a task after it runs: a click now would be handled.
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = performance.now()
        const at = performance.timeOrigin + now
        const click = Number(sessionStorage.getItem(key('click')))
        const start = Number(sessionStorage.getItem(key('start')))
        marks.totalMs = at - start
        if (target === 'board' && click > 0) {
          marks.joinMs = click - start
          marks.boardMs = at - click
        }
        marks.files = [...new Set([...kept(), ...requested(now)])]
        marks.done = true
      }),
    )
  }
  requestAnimationFrame(check)
}

/** The join page and the passkey offer, as a partner goes through them. */
async function join(page: Page): Promise<void> {
  await page.getByLabel('Your name on the board').fill('Ari')
  await page.getByLabel('I have read the privacy notice and agree to it').check()
  await page.getByRole('button', { name: 'Join the board' }).click()
  await page.getByRole('button', { name: /^Not now, continue to/ }).click()
}

/** A control in the huddle answers a click: its first checkbox flips, and flips back. */
async function huddleResponds(page: Page): Promise<string | null> {
  const huddle = page
    .getByRole('heading', { name: 'Goal huddle' })
    .locator('xpath=ancestor::*[self::section or @role="region" or @role="tabpanel"][1]')
  const control = huddle.getByRole('checkbox').first()
  if ((await control.count()) === 0) return 'the huddle has no checkbox to try'
  const was = await control.isChecked()
  await control.setChecked(!was, { timeout: 10_000 })
  await control.setChecked(was, { timeout: 10_000 })
  return null
}

/** A fixed amount of work on the page's main thread, in ms. */
function fixedLoop(): number {
  const started = performance.now()
  let sum = 0
  for (let i = 0; i < 10_000_000; i++) sum += Math.sqrt(i)
  return sum > 0 ? performance.now() - started : NaN
}

export async function loadOnce(
  browser: Chromium,
  options: { url: string; target: Target; viewport: Viewport; roots: number[] },
  pageErrors: string[],
): Promise<LoadSample> {
  const { url, target, viewport } = options
  const sample: LoadSample = {
    totalMs: null,
    joinMs: null,
    boardMs: null,
    files: [],
    loopMs: null,
    otherCores: NaN,
    error: null,
  }
  const load = new OtherLoad(() => options.roots)
  const context = await browser.newContext(viewports[viewport].context)
  try {
    await context.addInitScript(watchFirstScreen, target)
    const page = await context.newPage()
    const note = (text: string): void => void (pageErrors.length < 10 && pageErrors.push(`${url}: ${text}`))
    page.on('console', (message) => message.type() === 'error' && note(message.text()))
    page.on('pageerror', (error) => note(error.message))
    // Emulation stays on the page's target across its navigations (the join page to the board).
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: viewports[viewport].slowdown })
    load.start()
    try {
      await page.goto(url, { waitUntil: 'commit' })
      if (target === 'board') await join(page)
      await page.waitForFunction(
        () => (window as unknown as { __firstScreen?: Marks }).__firstScreen?.done,
        null,
        { timeout: timeoutMs, polling: 250 },
      )
    } finally {
      load.stop()
      sample.otherCores = load.cores
    }
    const marks = await page.evaluate(() => (window as unknown as { __firstScreen: Marks }).__firstScreen)
    sample.totalMs = marks.totalMs ?? null
    sample.joinMs = marks.joinMs ?? null
    sample.boardMs = marks.boardMs ?? null
    sample.files = marks.files ?? []
    if (target === 'board') sample.error = await huddleResponds(page)
    sample.loopMs = await page.evaluate(fixedLoop)
  } catch (error) {
    sample.error = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
  } finally {
    await context.close()
  }
  return sample
}
