// The progress part of `pnpm bench` (issue 15): a couple with 16 weeks of daily entries (2 partners ×
// 10 metrics and the three dials) on one production server (as `ours-secure`, serving a copy of the
// web build). Each figure is set against the review board of the couple's live session, measured in
// the same run: the server's time to the pages' data, Chromium's time to an interactive page, the
// gzip size of the progress chunk, and the round trip from a partner's save to the therapist's page.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildWebApp, snapshotWebBuild, webBuildIsStale } from '../canvas/bundles.ts'
import { startServer } from '../servers.ts'
import type { RunningServer } from '../servers.ts'
import { chunkSizes, fetchedSize } from './chunks.ts'
import type { ChunkSize } from './chunks.ts'
import { measureCompute } from './compute.ts'
import type { ComputeRow } from './compute.ts'
import { WEEKS, setUpProgressCouple } from './couple.ts'
import { measurePageLoads } from './pageLoads.ts'
import type { PageLoads } from './pageLoads.ts'
import { measureRoundTrips } from './roundTrip.ts'
import type { RoundTripRow } from './roundTrip.ts'

export interface ProgressOptions {
  /** Runs of each page's data. */
  runs: number
  /** Chromium loads of each page; 0 leaves the browser out. */
  loads: number
  /** Saves timed for each round trip. */
  sends: number
}

export interface ProgressResult {
  weeks: number
  entries: number
  flagsSeeded: number
  compute: ComputeRow[]
  loads: PageLoads | null
  chunks: ChunkSize[]
  /** What each page fetched before interactive (JS + CSS), from the Chromium loads. */
  fetched: ChunkSize[]
  roundTrips: RoundTripRow[]
  build: { webBuiltBecause: string | null; webBuildMs: number | null }
  ms: number
  error: string | null
}

export async function runProgressBench(
  options: ProgressOptions,
  log: (line: string) => void,
): Promise<ProgressResult> {
  const started = performance.now()
  const result: ProgressResult = {
    weeks: WEEKS,
    entries: 0,
    flagsSeeded: 0,
    compute: [],
    loads: null,
    chunks: [],
    fetched: [],
    roundTrips: [],
    build: { webBuiltBecause: null, webBuildMs: null },
    ms: 0,
    error: null,
  }
  const workDir = mkdtempSync(join(tmpdir(), 'board-bench-progress-'))
  const webDist = join(workDir, 'web')
  let server: RunningServer | null = null
  let closeCouple = (): void => {}
  try {
    result.build.webBuiltBecause = webBuildIsStale()
    if (result.build.webBuiltBecause) {
      log(`» progress: building the web app (${result.build.webBuiltBecause})`)
      result.build.webBuildMs = await buildWebApp()
    }
    await snapshotWebBuild(webDist)
    result.chunks = chunkSizes(webDist)

    server = await startServer('ours-secure', { env: { WEB_DIST: webDist } })
    const httpBase = server.httpBase as string
    log(`» progress: a couple with ${WEEKS} weeks of daily entries`)
    const couple = await setUpProgressCouple(httpBase, server.wsBase, log)
    closeCouple = couple.close
    result.entries = couple.entries
    result.flagsSeeded = couple.flags

    log(`» progress: ${options.runs} runs each of the pages' data`)
    result.compute = await measureCompute(server.wsBase, couple, server.pid, options.runs)

    if (options.loads > 0) {
      log(`» progress: ${options.loads} Chromium loads each of the progress page and the review board`)
      result.loads = await measurePageLoads(
        {
          httpBase,
          serverPid: server.pid,
          loads: options.loads,
          cookies: couple.clinic.therapist.cookies,
          pages: [
            { page: 'progress', path: `/couples/${couple.couple.id}/progress`, cards: 0 },
            { page: 'review board', path: `/s/${couple.sessionId}`, cards: couple.cardIds.length },
          ],
        },
        log,
      )
      result.fetched = result.loads.pages.map((page) =>
        fetchedSize(webDist, `${page.page} page, fetched before interactive`, page.files),
      )
    }

    log(`» progress: ${options.sends} saves each, flag alert and card edit`)
    result.roundTrips = await measureRoundTrips(couple, server.wsBase, server.pid, options.sends)
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
    if (server) log(`  server log:\n${server.logTail()}`)
  } finally {
    closeCouple()
    await server?.stop()
    await server?.cleanUp()
    rmSync(workDir, { recursive: true, force: true })
  }
  result.ms = performance.now() - started
  return result
}

export function progressFailed(result: ProgressResult): boolean {
  return (
    result.error !== null ||
    (result.loads !== null && result.loads.error !== null) ||
    result.roundTrips.some((row) => row.arrived < row.sent)
  )
}
