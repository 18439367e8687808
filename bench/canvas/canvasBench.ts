// The canvas part of `pnpm bench` (issue 4): builds what it needs, then measures shape move latency per
// server, time to an interactive canvas in Chromium, and the bundle sizes, against references run in the
// same process tree (the y-websocket reference server, a bare tldraw page).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hostBusySeconds } from '../servers.ts'
import type { ServerKind } from '../servers.ts'
import { buildWebApp, snapshotWebBuild, webBuildIsStale, webBundleSizes, wholeBundle } from './bundles.ts'
import type { BundleSizes, Part } from './bundles.ts'
import { measureMoves } from './moveLatency.ts'
import type { MoveLatencyResult } from './moveLatency.ts'
import { measurePageLoads } from './pageLoad.ts'
import type { PageLoadResult } from './pageLoad.ts'
import { buildReferencePage } from './referencePage.ts'
import { SHAPE_COUNT, seedShapes } from './shapes.ts'

export const canvasServerKinds: readonly ServerKind[] = ['ours', 'ours-secure', 'ref-memory']

export interface CanvasOptions {
  servers: ServerKind[]
  moves: number
  /** Each move waits a random time between these before the next. */
  intervalMs: [number, number]
  loads: number
}

export interface CanvasResult {
  shapes: { total: number; goalCards: number }
  ms: number
  /** Cores the machine kept busy in the second before the canvas part, and before the page loads. */
  otherCoresBefore: number
  otherCoresBeforeLoads: number
  build: { webBuiltBecause: string | null; webBuildMs: number | null; referenceBuildMs: number | null }
  bundles: { ours: BundleSizes | null; reference: Part | null }
  moves: MoveLatencyResult[]
  pageLoad: PageLoadResult | null
  /** Build or bundle failures; the move and load figures carry their own. */
  error: string | null
}

async function busyCores(ms: number): Promise<number> {
  const before = hostBusySeconds()
  await new Promise((resolve) => setTimeout(resolve, ms))
  return (hostBusySeconds() - before) / (ms / 1000)
}

export async function runCanvasBench(
  options: CanvasOptions,
  log: (line: string) => void,
): Promise<CanvasResult> {
  const started = performance.now()
  const shapes = seedShapes(SHAPE_COUNT)
  const result: CanvasResult = {
    shapes: { total: shapes.length, goalCards: shapes.filter((shape) => shape.goalTitle !== null).length },
    ms: 0,
    otherCoresBefore: await busyCores(1_000),
    otherCoresBeforeLoads: NaN,
    build: { webBuiltBecause: webBuildIsStale(), webBuildMs: null, referenceBuildMs: null },
    bundles: { ours: null, reference: null },
    moves: [],
    pageLoad: null,
    error: null,
  }
  const workDir = mkdtempSync(join(tmpdir(), 'board-bench-canvas-'))
  const referenceDir = join(workDir, 'reference')
  const webDist = join(workDir, 'web')
  try {
    try {
      if (result.build.webBuiltBecause) {
        log(`» canvas: building the web app (${result.build.webBuiltBecause})`)
        result.build.webBuildMs = await buildWebApp()
      }
      await snapshotWebBuild(webDist)
      log('» canvas: building the bare tldraw reference page')
      result.build.referenceBuildMs = await buildReferencePage(referenceDir)
      result.bundles = { ours: webBundleSizes(webDist), reference: wholeBundle(referenceDir) }
    } catch (error) {
      result.error = `build: ${error instanceof Error ? error.message : String(error)}`
    }

    for (const server of options.servers) {
      log(`» canvas: shape moves, ${server}`)
      result.moves.push(
        await measureMoves(server, { moves: options.moves, intervalMs: options.intervalMs }, log),
      )
    }

    if (result.error === null) {
      log(`» canvas: ${options.loads} page loads each, board and bare tldraw, alternating`)
      result.otherCoresBeforeLoads = await busyCores(1_000)
      result.pageLoad = await measurePageLoads({ loads: options.loads, webDist, referenceDir, shapes }, log)
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
  result.ms = performance.now() - started
  return result
}

export function canvasFailed(result: CanvasResult): boolean {
  return (
    result.error !== null ||
    result.moves.some((m) => m.error !== null) ||
    result.pageLoad === null ||
    result.pageLoad.error !== null
  )
}
