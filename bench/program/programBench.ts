// The program part of `pnpm bench` (issue 13): does a couple's board stay quick to open after a long
// program? One production server (as `ours-secure`) holds five couples of one therapist, all seeded
// through the REST API and the sync socket: the long program (48 sessions of history, then a live one),
// a new couple with one session and a few goals (the baseline), the long program's live board
// written once in one session (the same content without any history), and the long program's plan
// and this meeting written into two couples of their own (the one-document design against plan +
// meeting in two documents). Once every client left and the server evicted (and so compacted) the
// documents, it reads their storage, times syncs of unmodified y-websocket clients, and times the
// therapist's board in Chromium.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectClient, whenSynced } from '../canvas/client.ts'
import type { SyncClient } from '../canvas/client.ts'
import { buildWebApp, snapshotWebBuild, webBuildIsStale } from '../canvas/bundles.ts'
import { hostBusySeconds, startServer } from '../servers.ts'
import type { RunningServer } from '../servers.ts'
import type { SetUpReport } from '../setup.ts'
import { waitUntilIdle } from '../setup.ts'
import { measureBoardLoads } from './boardLoads.ts'
import type { BoardLoads } from './boardLoads.ts'
import { contentsOf, differences } from './contents.ts'
import type { BoardContents } from './contents.ts'
import { Clinic } from './people.ts'
import type { Couple } from './people.ts'
import { endState, tallyCanvas, tallyProgram } from './endState.ts'
import type { CanvasTally } from './endState.ts'
import { LONG_PROGRAM, ONE_SESSION, programActs, scaledProgram } from './program.ts'
import type { ProgramSize, SessionActs } from './program.ts'
import { writeHistory, writeLiveSession } from './seedProgram.ts'
import type { ProgramPart } from './seedProgram.ts'
import { readStoredSize } from './storage.ts'
import type { StoredSize } from './storage.ts'
import { measureSyncs } from './syncRounds.ts'
import type { SyncRow } from './syncRounds.ts'

export interface ProgramOptions {
  sessions: number
  /** Chromium loads of each board; 0 leaves the browser out. */
  loads: number
  syncs: number
}

export type BoardName = 'long' | 'one' | 'once' | 'plan' | 'meeting'
const boardNames: BoardName[] = ['long', 'one', 'once', 'plan', 'meeting']

export interface StoredBoard {
  board: BoardName
  coupleId: string
  /** Sessions the couple had: ended ones and the live one. */
  sessions: number
  stored: StoredSize
  contents: BoardContents
  /** What the couple's canvas went through: records written, rewrites, deletions. */
  canvasWork: CanvasTally
}

export interface ProgramResult {
  size: ProgramSize
  ms: number
  seedMs: number
  otherCoresBefore: number
  setUp: SetUpReport
  /** Links the partners accepted in all (more than one each while partner links are per session). */
  linksAccepted: number
  /** The long program's storage after each session ended, as the server's compaction left it. */
  duringProgram: StoredSize[]
  boards: StoredBoard[]
  syncs: SyncRow[]
  loads: BoardLoads | null
  build: { webBuiltBecause: string | null; webBuildMs: number | null; error: string | null }
  error: string | null
  serverExit: string | null
}

async function busyCores(ms: number): Promise<number> {
  const before = hostBusySeconds()
  await new Promise((resolve) => setTimeout(resolve, ms))
  return (hostBusySeconds() - before) / (ms / 1000)
}

export async function runProgramBench(
  options: ProgramOptions,
  log: (line: string) => void,
): Promise<ProgramResult> {
  const started = performance.now()
  const size = options.sessions === LONG_PROGRAM.sessions ? LONG_PROGRAM : scaledProgram(options.sessions)
  const result: ProgramResult = {
    size,
    ms: 0,
    seedMs: NaN,
    otherCoresBefore: await busyCores(1_000),
    setUp: { requests: 0, ms: 0, limited: 0 },
    linksAccepted: 0,
    duringProgram: [],
    boards: [],
    syncs: [],
    loads: null,
    build: { webBuiltBecause: null, webBuildMs: null, error: null },
    error: null,
    serverExit: null,
  }
  const cleanUps: (() => Promise<void> | void)[] = []
  let server: RunningServer | null = null
  try {
    let webDist: string | null = null
    if (options.loads > 0) webDist = await prepareWebApp(result, cleanUps, log)
    server = await startServer('ours-secure', { env: webDist ? { WEB_DIST: webDist } : {} })
    const running = server
    cleanUps.push(
      () => running.cleanUp(),
      () => running.stop(),
    )
    const clinic = new Clinic(running.httpBase as string)
    await clinic.signUp()
    const couples: Record<BoardName, Couple> = {
      long: await clinic.addCouple(),
      one: await clinic.addCouple(),
      once: await clinic.addCouple(),
      plan: await clinic.addCouple(),
      meeting: await clinic.addCouple(),
    }

    const seedStarted = performance.now()
    const acts = programActs(size)
    const firstSession = { ...(programActs(ONE_SESSION).history[0] as SessionActs), huddle: false }
    const end = endState(acts)
    const write = (board: BoardName, sessions: SessionActs[], part: ProgramPart): Promise<string> =>
      writeLiveSession(clinic, running.wsBase, couples[board], sessions, part)
    log(`» program: writing ${size.sessions} sessions of the long program`)
    await writeHistory(clinic, running.wsBase, couples.long, acts.history, 'all', (session) => {
      result.duringProgram.push(readStoredSize(running.dataDir as string, couples.long.id))
      if ((session + 1) % 12 === 0) log(`  ${session + 1}/${size.sessions} sessions written`)
    })
    log('» program: writing the one-session board, the same live board once, the plan and this meeting')
    const live: Record<BoardName, string> = {
      long: await write('long', [acts.live], 'all'),
      one: await write('one', [firstSession], 'all'),
      once: await write('once', [end], 'all'),
      plan: await write('plan', [...acts.history, acts.live], 'plan'),
      meeting: await write('meeting', [acts.live], 'meeting'),
    }
    result.seedMs = performance.now() - seedStarted
    result.setUp = clinic.report
    result.linksAccepted = Object.values(couples)
      .flatMap((couple) => Object.values(couple.partners))
      .reduce((sum, partner) => sum + partner.linksAccepted, 0)

    // Everyone left: the server evicts each document after its grace, compacting it into its snapshot.
    const loaded = await waitUntilIdle(running.healthUrl as string, 60_000)
    if (loaded !== 0) throw new Error(`the server still held ${loaded} documents 60 s after everyone left`)

    // Partner A stays in each live session, so each board is loaded when it is measured, as in a meeting.
    const staying = {} as Record<BoardName, SyncClient>
    for (const board of boardNames) {
      const client = connectClient(
        running.wsBase,
        live[board],
        await couples[board].partners.partnerA.token(live[board]),
      )
      cleanUps.push(() => client.destroy())
      staying[board] = client
      await whenSynced(client, 30_000)
    }
    const program = tallyProgram(acts)
    const canvasWork: Record<BoardName, CanvasTally> = {
      long: program,
      one: tallyCanvas([firstSession]),
      once: tallyCanvas([end]),
      plan: program,
      meeting: tallyCanvas([]),
    }
    const sessionsOf: Record<BoardName, number> = {
      long: size.sessions + 1,
      one: 1,
      once: 1,
      plan: 1,
      meeting: 1,
    }
    result.boards = boardNames.map((board) => ({
      board,
      coupleId: couples[board].id,
      sessions: sessionsOf[board],
      stored: readStoredSize(running.dataDir as string, couples[board].id),
      contents: contentsOf(staying[board]),
      canvasWork: canvasWork[board],
    }))
    const liveBoard = liveContents(end)
    const wrong = (
      [
        ['long', { ...liveBoard, huddleRecords: size.sessions, meetings: size.sessions }],
        ['once', liveBoard],
        ['plan', { ...liveBoard, huddleRecords: 0, meetings: 0 }],
      ] as const
    )
      .map(([board, expected]) => [board, differences(contentsOf(staying[board]), expected)] as const)
      .filter(([, difference]) => difference !== null)
    if (wrong.length > 0)
      throw new Error(`a document is not what was written: ${wrong.map((w) => w.join(': ')).join('; ')}`)

    log(`» program: ${options.syncs} syncs each of the one document and of plan + meeting in two`)
    const board = (sessionId: string) => ({ sessionId, token: () => clinic.therapistToken(sessionId) })
    result.syncs = await measureSyncs(
      running.wsBase,
      [
        { label: 'one document: the couple’s (long program)', boards: [board(live.long)] },
        { label: 'two documents: the plan + this meeting', boards: [board(live.plan), board(live.meeting)] },
      ],
      options.syncs,
      running.pid,
      log,
    )

    if (webDist && result.build.error === null) {
      log(`» program: ${options.loads} Chromium loads each of the long program and three other boards`)
      result.loads = await measureBoardLoads(
        {
          httpBase: running.httpBase as string,
          serverPid: running.pid,
          loads: options.loads,
          cookies: clinic.therapist.cookies,
          boards: [
            { board: 'long', sessionId: live.long, expected: expectation(result.boards, 'long') },
            { board: 'one', sessionId: live.one, expected: expectation(result.boards, 'one') },
            // The same live board without any history: what the history costs the board.
            { board: 'once', sessionId: live.once, expected: expectation(result.boards, 'once') },
            // The same plan's writes without the meetings: what the meetings' records cost the board.
            { board: 'plan', sessionId: live.plan, expected: expectation(result.boards, 'plan') },
          ],
        },
        log,
      )
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error)
    result.serverExit = server?.exitInfo() ?? null
    if (server) log(`  server log:\n${server.logTail()}`)
  } finally {
    for (const cleanUp of cleanUps.reverse()) await cleanUp()
  }
  result.ms = performance.now() - started
  return result
}

/** What the long program's live board holds at the end, as its end state writes it once. */
function liveContents(end: SessionActs): Partial<BoardContents> {
  const records = end.strokes.flatMap((stroke) => stroke.records)
  return {
    goals: end.goals.length,
    steps: end.goals.reduce((sum, goal) => sum + goal.steps.length, 0),
    canvas: records.length,
    shapes: records.filter((record) => record.id.startsWith('shape:')).length,
  }
}

function expectation(boards: StoredBoard[], name: BoardName): { goals: number; shapes: number } {
  const contents = boards.find((b) => b.board === name)?.contents
  return { goals: contents?.goals ?? 0, shapes: contents?.shapes ?? 0 }
}

/** Builds the web app if it is stale (as the canvas part does) and copies it aside; null if it failed. */
async function prepareWebApp(
  result: ProgramResult,
  cleanUps: (() => Promise<void> | void)[],
  log: (line: string) => void,
): Promise<string | null> {
  const workDir = mkdtempSync(join(tmpdir(), 'board-bench-program-'))
  cleanUps.push(() => rmSync(workDir, { recursive: true, force: true }))
  const webDist = join(workDir, 'web')
  try {
    result.build.webBuiltBecause = webBuildIsStale()
    if (result.build.webBuiltBecause) {
      log(`» program: building the web app (${result.build.webBuiltBecause})`)
      result.build.webBuildMs = await buildWebApp()
    }
    await snapshotWebBuild(webDist)
    return webDist
  } catch (error) {
    result.build.error = `build: ${error instanceof Error ? error.message : String(error)}`
    return null
  }
}

export function programFailed(result: ProgramResult): boolean {
  return (
    result.error !== null ||
    result.syncs.some((row) => row.error !== null) ||
    result.build.error !== null ||
    (result.loads !== null && result.loads.error !== null)
  )
}
