// The Chromium loads of the program part: Debian's Chromium through playwright-core, with the args the
// other parts use, loading the therapist's board of each live session in turn (long, one, once, plan,
// long, …), so a drift of the machine's load over the run touches every board alike.
import { chromium } from 'playwright-core'
import { childrenOf } from '../call/procs.ts'
import { CHROMIUM, chromiumArgs } from '../chromium.ts'
import type { Browser } from '../setup.ts'
import { percentile } from '../stats.ts'
import { loadBoard } from './boardLoad.ts'
import type { BoardExpectation, BoardLoadSample } from './boardLoad.ts'

export interface LoadedBoard {
  board: string
  sessionId: string
  expected: BoardExpectation
  samples: BoardLoadSample[]
  synced: { p50: number; p90: number }
}

export interface BoardLoads {
  boards: LoadedBoard[]
  /** Console errors and uncaught page errors, with the page they came from (at most 10). */
  pageErrors: string[]
  error: string | null
}

const sortedOf = (values: (number | null)[]): number[] =>
  values.filter((v): v is number => v !== null).sort((a, b) => a - b)

export const medianOf = (values: (number | null)[]): number => percentile(sortedOf(values), 50)

export async function measureBoardLoads(
  options: {
    httpBase: string
    serverPid: number
    loads: number
    cookies: Browser['cookies']
    boards: { board: string; sessionId: string; expected: BoardExpectation }[]
  },
  log: (line: string) => void,
): Promise<BoardLoads> {
  const result: BoardLoads = {
    boards: options.boards.map((b) => ({ ...b, samples: [], synced: { p50: NaN, p90: NaN } })),
    pageErrors: [],
    error: null,
  }
  const before = new Set(childrenOf(process.pid).map((child) => child.pid))
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs })
    const browserPid = childrenOf(process.pid).find((c) => !before.has(c.pid) && /chrom/.test(c.comm))?.pid
    if (browserPid === undefined) throw new Error('could not find the Chromium process launched')
    const cookies = [...options.cookies].map(([name, value]) => ({ name, value, url: options.httpBase }))
    for (let i = 0; i < options.loads; i++) {
      for (const board of result.boards) {
        const url = `${options.httpBase}/s/${encodeURIComponent(board.sessionId)}`
        board.samples.push(
          await loadBoard(
            browser,
            browserPid,
            options.serverPid,
            url,
            cookies,
            board.expected,
            result.pageErrors,
          ),
        )
      }
      const line = result.boards.map((b) => `${b.board} ${Math.round(b.samples.at(-1)?.syncedMs ?? NaN)} ms`)
      log(`  load ${i + 1}/${options.loads}: synced board ${line.join(', ')}`)
    }
    for (const board of result.boards) {
      const sorted = sortedOf(board.samples.map((s) => s.syncedMs))
      board.synced = { p50: percentile(sorted, 50), p90: percentile(sorted, 90) }
    }
    result.error = result.boards.flatMap((b) => b.samples).find((s) => s.error !== null)?.error ?? null
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
  } finally {
    await browser?.close()
  }
  return result
}
