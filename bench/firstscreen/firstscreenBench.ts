// The firstscreen part of `pnpm bench` (issue 14): the time from opening a partner's invitation link to
// an interactive board in Chromium, on a laptop and on a phone with 4× CPU slowdown, and the gzip size of
// the JS and CSS the page fetched until then. Today's web app is measured against the web app as it was
// at an earlier revision (the board's layout before its rebuild) and against a bare tldraw page, each
// load in a fresh browser context, the three alternating within one Chromium.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { childrenOf } from '../call/procs.ts'
import { serveReferencePage } from '../canvas/referencePage.ts'
import { CHROMIUM, chromiumArgs } from '../chromium.ts'
import { Clinic } from '../program/people.ts'
import { hostBusySeconds, startServer } from '../servers.ts'
import { percentile } from '../stats.ts'
import { buildPages, lazyParts, shortRevision } from './builds.ts'
import type { LazyPart } from './builds.ts'
import { loadOnce } from './linkLoad.ts'
import type { LoadSample, Viewport } from './linkLoad.ts'

/** "Today's main": the commit before the board's layout was rebuilt. */
export const mainRevision = '5694a87'

export type VariantName = 'ours' | 'main' | 'bare'
const variantNames: VariantName[] = ['ours', 'main', 'bare']
const viewportNames: Viewport[] = ['laptop', 'phone']

export interface Spread {
  p50: number
  p90: number
}

export interface Size {
  bytes: number
  gzip: number
}

export interface FirstScreenRow {
  variant: VariantName
  viewport: Viewport
  samples: LoadSample[]
  total: Spread
  join: Spread
  board: Spread
  /** Every JS and CSS file fetched before interactive in any of the row's loads, as served. */
  firstScreen: { files: string[]; js: Size; css: Size }
  /** Files of the lazy parts fetched before interactive, and in how many of the row's loads. */
  lazyFetched: { file: string; loads: number }[]
}

export interface FirstScreenResult {
  loads: number
  mainRevision: string
  ms: number
  /** Cores the machine kept busy in the second before the loads. */
  otherCoresBefore: number
  build: {
    webBuiltBecause: string | null
    webBuildMs: number | null
    mainBuildMs: number
    referenceBuildMs: number
  } | null
  /** The dynamic imports of each web app, with the files only they need. */
  lazyParts: Record<'ours' | 'main', LazyPart[]>
  rows: FirstScreenRow[]
  /** Console errors and uncaught page errors, with the page they came from (at most 10). */
  pageErrors: string[]
  error: string | null
}

/** A page the loads open: its origin, a fresh link for each load, the server's pid (none for bare). */
interface Site {
  base: string
  link(): Promise<string>
  pid: number | null
}

async function busyCores(ms: number): Promise<number> {
  const before = hostBusySeconds()
  await new Promise((resolve) => setTimeout(resolve, ms))
  return (hostBusySeconds() - before) / (ms / 1000)
}

const spread = (values: (number | null)[]): Spread => {
  const sorted = values.filter((v): v is number => v !== null).sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90) }
}

/** The production server serving `webDist`, with a couple whose session is live; a partner link per load. */
async function startBoardSite(webDist: string, cleanUps: (() => Promise<void> | void)[]): Promise<Site> {
  const server = await startServer('ours-secure', { env: { WEB_DIST: webDist } })
  cleanUps.push(
    () => server.cleanUp(),
    () => server.stop(),
  )
  const base = server.httpBase as string
  const clinic = new Clinic(base)
  await clinic.signUp()
  const sessionId = await clinic.startSession(await clinic.addCouple())
  return {
    base,
    pid: server.pid,
    // A fresh partner A link: unused, it adds the new browser to partner A at once (no confirmation).
    link: async () => {
      const issued = await clinic.post<{ link?: string }>(clinic.therapist, '/api/invitations', {
        sessionId,
        role: 'partnerA',
      })
      if (!issued.link) throw new Error('the partner link came without its address')
      return `${base}${issued.link}`
    },
  }
}

export async function runFirstScreenBench(
  options: { loads: number },
  log: (line: string) => void,
): Promise<FirstScreenResult> {
  const started = performance.now()
  const result: FirstScreenResult = {
    loads: options.loads,
    mainRevision,
    ms: 0,
    otherCoresBefore: NaN,
    build: null,
    lazyParts: { ours: [], main: [] },
    rows: viewportNames.flatMap((viewport) =>
      variantNames.map((variant) => ({
        variant,
        viewport,
        samples: [],
        total: { p50: NaN, p90: NaN },
        join: { p50: NaN, p90: NaN },
        board: { p50: NaN, p90: NaN },
        firstScreen: { files: [], js: { bytes: 0, gzip: 0 }, css: { bytes: 0, gzip: 0 } },
        lazyFetched: [],
      })),
    ),
    pageErrors: [],
    error: null,
  }
  const cleanUps: (() => Promise<void> | void)[] = []
  const workDir = mkdtempSync(join(tmpdir(), 'board-bench-firstscreen-'))
  cleanUps.push(() => rmSync(workDir, { recursive: true, force: true }))
  try {
    result.mainRevision = shortRevision(mainRevision)
    const builds = await buildPages(workDir, mainRevision, log)
    const { ours, main, reference, ...times } = builds
    result.build = times
    result.lazyParts = { ours: lazyParts(ours), main: lazyParts(main) }

    const bare = await serveReferencePage(reference, '[]')
    cleanUps.push(() => bare.close())
    const sites: Record<VariantName, Site> = {
      ours: await startBoardSite(ours, cleanUps),
      main: await startBoardSite(main, cleanUps),
      bare: { base: bare.url.replace(/\/$/, ''), link: async () => bare.url, pid: null },
    }

    const before = new Set(childrenOf(process.pid).map((child) => child.pid))
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs })
    cleanUps.push(() => browser.close())
    const browserPid = childrenOf(process.pid).find((c) => !before.has(c.pid) && /chrom/.test(c.comm))?.pid
    if (browserPid === undefined) throw new Error('could not find the Chromium process launched')
    const roots = [browserPid, ...variantNames.flatMap((name) => sites[name].pid ?? [])]

    log(`» firstscreen: ${options.loads} loads each of ours, main@${result.mainRevision} and bare tldraw`)
    result.otherCoresBefore = await busyCores(1_000)
    const row = (variant: VariantName, viewport: Viewport): FirstScreenRow =>
      result.rows.find((r) => r.variant === variant && r.viewport === viewport) as FirstScreenRow
    for (let i = 0; i < options.loads; i++) {
      // Each round starts with another variant, so neither order nor drift favours one.
      const order = variantNames.map((_, k) => variantNames[(i + k) % variantNames.length] as VariantName)
      for (const viewport of viewportNames) {
        for (const variant of order) {
          const target = variant === 'bare' ? 'canvas' : 'board'
          const url = await sites[variant].link()
          row(variant, viewport).samples.push(
            await loadOnce(browser, { url, target, viewport, roots }, result.pageErrors),
          )
        }
      }
      const line = viewportNames.map(
        (viewport) =>
          `${viewport} ` +
          variantNames
            .map(
              (variant) => `${variant} ${Math.round(row(variant, viewport).samples.at(-1)?.totalMs ?? NaN)}`,
            )
            .join(', '),
      )
      log(`  load ${i + 1}/${options.loads} (ms to interactive): ${line.join('; ')}`)
    }

    const sizes = new Map<string, Size>()
    for (const r of result.rows) {
      const { base } = sites[r.variant]
      const files = [...new Set(r.samples.flatMap((s) => s.files))].sort()
      r.firstScreen = { files, js: { bytes: 0, gzip: 0 }, css: { bytes: 0, gzip: 0 } }
      for (const file of files) {
        const size = sizes.get(`${base}${file}`) ?? (await servedSize(`${base}${file}`))
        sizes.set(`${base}${file}`, size)
        const total = file.endsWith('.css') ? r.firstScreen.css : r.firstScreen.js
        total.bytes += size.bytes
        total.gzip += size.gzip
      }
      r.total = spread(r.samples.map((s) => s.totalMs))
      r.join = spread(r.samples.map((s) => s.joinMs))
      r.board = spread(r.samples.map((s) => s.boardMs))
      const lazyFiles = r.variant === 'bare' ? [] : result.lazyParts[r.variant].flatMap((part) => part.files)
      r.lazyFetched = [...new Set(lazyFiles)]
        .map((file) => ({ file, loads: r.samples.filter((s) => s.files.includes(file)).length }))
        .filter((fetched) => fetched.loads > 0)
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    for (const cleanUp of cleanUps.reverse()) await cleanUp()
  }
  result.ms = performance.now() - started
  return result
}

/** A file's bytes as the server sends them, and gzipped at level 9. */
async function servedSize(url: string): Promise<Size> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`)
  const body = Buffer.from(await response.arrayBuffer())
  return { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length }
}

export function firstscreenFailed(result: FirstScreenResult): boolean {
  return (
    result.error !== null ||
    result.rows.some((r) => r.samples.some((s) => s.error !== null)) ||
    result.rows.some((r) => r.variant === 'ours' && r.lazyFetched.length > 0)
  )
}
