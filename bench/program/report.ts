// Prints the program part: what each couple's document holds, what its canvas went through and what it
// takes in SQLite; the time to a synced board in Chromium (long program ÷ one session against the
// issue's target, and ÷ the same live board without history); and the design's measured reason (one
// document against plan + meeting in two), with each row's other load.
import { fixed, ratio, table } from '../markdown.ts'
import type { BoardLoadSample } from './boardLoad.ts'
import { medianOf } from './boardLoads.ts'
import type { LoadedBoard } from './boardLoads.ts'
import { maxOtherCores } from './otherLoad.ts'
import type { BoardName, ProgramResult } from './programBench.ts'
import { storedBytes } from './storage.ts'

/** The issue's target: the long program's board opens at most this many times slower. */
export const maxSlowdown = 1.5

const boardLabels: Record<BoardName, string> = {
  long: 'long program',
  one: 'one session (a new couple)',
  once: 'the same live board, one session',
  plan: 'its plan alone',
  meeting: 'this meeting alone',
}

const kib = (bytes: number): string => (Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : '–')
const ms = (value: number | null): string =>
  value !== null && Number.isFinite(value) ? String(Math.round(value)) : '–'
const cores = (value: number): string => `${fixed(value, 2)} cores`
const disturbed = (value: number): string => (value > maxOtherCores ? ' (disturbed)' : '')

function storageLines(result: ProgramResult): string[] {
  const rows = result.boards.map(({ board, sessions, stored, contents, canvasWork }) => [
    boardLabels[board],
    String(sessions),
    String(contents.goals),
    String(contents.steps),
    String(canvasWork.written),
    String(canvasWork.rewrites),
    String(canvasWork.deleted),
    String(contents.canvas),
    String(contents.shapes),
    String(contents.cards),
    String(contents.huddleRecords),
    String(contents.meetings),
    kib(stored.snapshotBytes),
    String(stored.logRows),
    kib(stored.logBytes),
    kib(storedBytes(stored)),
  ])
  const lines = table(
    [
      'couple',
      'sessions',
      'goals',
      'stepping stones',
      'canvas records written',
      'rewrites',
      'deleted',
      'live records',
      'live shapes',
      'review cards',
      'huddle records',
      'meetings archived',
      'snapshot KiB',
      'log rows',
      'log KiB',
      'stored KiB',
    ],
    rows,
  )
  const stored = (name: BoardName): number => {
    const board = result.boards.find((b) => b.board === name)
    return board ? storedBytes(board.stored) : NaN
  }
  lines.push(
    `stored: long program ÷ one session ${ratio(stored('long'), stored('one'))}; long program ÷ the same ` +
      `live board, one session ${ratio(stored('long'), stored('once'))} (what the history keeps)`,
  )
  const during = result.duringProgram
  if (during.length > 0) {
    const most = during.reduce((a, b) => (b.logRows > a.logRows ? b : a))
    const last = during.at(-1) ?? most
    lines.push(
      `during the program (read after each session ended): at most ${most.logRows} log rows ` +
        `(${kib(most.logBytes)} KiB beside a ${kib(most.snapshotBytes)} KiB snapshot); after the last session ` +
        `${last.logRows} rows, ${kib(storedBytes(last))} KiB stored`,
    )
  }
  return lines
}

function loadLines(result: ProgramResult): string[] {
  if (result.build.error) return [`Time to a synced board in Chromium: not measured (${result.build.error}).`]
  const loads = result.loads
  if (!loads) return ['Time to a synced board in Chromium: not measured (--program-loads 0).']
  const worstLoad = (b: LoadedBoard): number => Math.max(...b.samples.map((s) => s.otherCores))
  const median = (b: LoadedBoard, pick: (s: BoardLoadSample) => number | null): number =>
    medianOf(b.samples.map(pick))
  const rows = loads.boards.map((b) => [
    boardLabels[b.board as BoardName] ?? b.board,
    `${b.expected.goals} / ${b.expected.shapes}`,
    ms(b.synced.p50),
    ms(b.synced.p90),
    ms(median(b, (s) => s.firstScreenMs)),
    ms(median(b, (s) => s.canvasBoundMs)),
    ms(median(b, (s) => s.canvasReadyMs)),
    cores(worstLoad(b)) + disturbed(worstLoad(b)),
  ])
  const board = (name: BoardName): LoadedBoard | undefined => loads.boards.find((b) => b.board === name)
  const [long, one, once, plan] = (['long', 'one', 'once', 'plan'] as const).map(board)
  const lines = [
    `Time to a synced board in Chromium, the therapist's board of the live session (fresh context per load, ` +
      `${long?.samples.length ?? 0} loads each, alternating; ms from navigation start; synced = the session ` +
      `header and every goal listed, and the canvas ready: bound, with every live shape in tldraw's DOM):`,
    ...table(
      [
        'board',
        'goals / live shapes',
        'synced median',
        'synced p90',
        'first screen',
        'canvas bound',
        'canvas ready',
        'other load (worst load)',
      ],
      rows,
    ),
  ]
  // Each ratio of medians, with the first screen's, and whether either board's loads were disturbed.
  const compare = (a: LoadedBoard, b: LoadedBoard): string => {
    const load = Math.max(worstLoad(a), worstLoad(b))
    return (
      `median ${ratio(a.synced.p50, b.synced.p50)}, p90 ${ratio(a.synced.p90, b.synced.p90)}, first screen ` +
      ratio(
        median(a, (s) => s.firstScreenMs),
        median(b, (s) => s.firstScreenMs),
      ) +
      (load > maxOtherCores ? ` (other load up to ${fixed(load, 2)} cores: disturbed)` : ' (quiet)')
    )
  }
  if (long && one) {
    const slowdown = long.synced.p50 / one.synced.p50
    const verdict = Number.isFinite(slowdown) ? (slowdown <= maxSlowdown ? 'PASS' : 'FAIL') : 'n/a'
    const load = Math.max(worstLoad(long), worstLoad(one))
    lines.push(
      `Target (issue 13): the long program's board synced in at most ${maxSlowdown.toFixed(1)}× the time of a ` +
        `board with only one session: ${ms(long.synced.p50)} ms ÷ ${ms(one.synced.p50)} ms = ` +
        `${ratio(long.synced.p50, one.synced.p50)}: ${verdict}` +
        (load > maxOtherCores
          ? ` (other load up to ${fixed(load, 2)} cores during these loads: disturbed, rerun on a quiet machine)`
          : ` (other load at most ${fixed(load, 2)} cores: quiet)`),
      `  long program ÷ one session (a new couple): ${compare(long, one)}`,
    )
  }
  if (long && once)
    lines.push(
      `  long program ÷ the same live board, one session (what the history costs): ${compare(long, once)}`,
    )
  if (once && one)
    lines.push(`  the same live board ÷ one session (a fuller live board, no history): ${compare(once, one)}`)
  if (long && plan)
    lines.push(`  long program ÷ its plan alone (what the meetings' records cost): ${compare(long, plan)}`)
  for (const b of loads.boards)
    lines.push(`  each load, ${b.board}: synced ${b.samples.map((s) => ms(s.syncedMs)).join(', ')}`)
  if (loads.error) lines.push(`  FAILED: ${loads.error}`)
  for (const error of loads.pageErrors) lines.push(`  page error: ${error}`)
  return lines
}

function syncLines(result: ProgramResult): string[] {
  if (result.syncs.length === 0) return []
  const rows = result.syncs.map((row) => [
    row.label,
    String(row.sockets),
    ms(row.ms.p50),
    ms(row.ms.p90),
    `${ms(row.ms.min)}–${ms(row.ms.max)}`,
    kib(row.bytesReceived),
    Number.isFinite(row.bytesSent) ? String(row.bytesSent) : '–',
    kib(row.stateBytes),
    cores(row.otherCores) + disturbed(row.otherCores),
    `${fixed(row.stealCores, 2)}`,
  ])
  const [one, two] = result.syncs
  const lines = [
    `The design's measured reason: an unmodified y-websocket client (Node) syncs the long program's content ` +
      `as one document or as two (median of ${one?.rounds ?? 0}; bytes per sync until synced, payload only):`,
    ...table(
      [
        'opened',
        'sockets',
        'median ms',
        'p90 ms',
        'min–max ms',
        'server sent KiB',
        'client sent bytes',
        'documents KiB',
        'other load',
        'steal',
      ],
      rows,
    ),
  ]
  if (one && two)
    lines.push(
      `one ÷ two documents: median ${ratio(one.ms.p50, two.ms.p50)}, p90 ${ratio(one.ms.p90, two.ms.p90)}, ` +
        `server sent ${ratio(one.bytesReceived, two.bytesReceived)}`,
    )
  for (const row of result.syncs) if (row.error) lines.push(`  ${row.label}: FAILED: ${row.error}`)
  return lines
}

export function programReport(result: ProgramResult): string {
  const { size } = result
  const seconds = (value: number): string => `${Math.round(value / 1000)} s`
  const rebuilt =
    result.build.webBuildMs === null
      ? ''
      : ` (the web app was rebuilt first in ${seconds(result.build.webBuildMs)}: ${result.build.webBuiltBecause})`
  const work = result.boards.find((b) => b.board === 'long')?.canvasWork
  const canvas = work
    ? `${work.written} canvas records written (${work.goalCards} goal cards, ${work.notes} sticky notes, ` +
      `${work.arrows} arrows, ${work.written - work.shapes} arrow bindings), each shape rewritten ` +
      `${size.rewritesPerShape} times (${work.rewrites} rewrites: moves, text and bend edits), ${work.deleted} ` +
      `deleted as the couple cleared each session's scratch notes and arrows in the next`
    : `${size.canvasRecords} canvas records written, each shape rewritten ${size.rewritesPerShape} times`
  const lines = [
    `Program: a couple's board after ${size.sessions} sessions of history (${size.goals} goals with ` +
      `${size.stepsPerGoal} stepping stones each, ${size.stepUpdates} stepping-stone updates, ${canvas}; ` +
      `${size.cardsPerMeeting} review cards, 2 floor turns and a huddle per session), then a live session ` +
      `with a meeting under way; measured in ${seconds(result.ms)}, written in ` +
      `${seconds(result.seedMs)}${rebuilt}; other load before it: ${cores(result.otherCoresBefore)}`,
    `REST set-up: ${result.setUp.requests} requests, ${result.setUp.limited} × 429; partner links accepted: ` +
      `${result.linksAccepted} (10 when a partner's link belongs to the couple)`,
  ]
  if (result.error) {
    lines.push(`FAILED: ${result.error}${result.serverExit ? ` (server ${result.serverExit})` : ''}`)
  }
  if (result.boards.length > 0) {
    lines.push(
      '',
      'Storage in SQLite of each couple’s one document, after every client left and the server evicted it:',
      ...storageLines(result),
    )
  }
  lines.push('', ...loadLines(result))
  if (result.syncs.length > 0) lines.push('', ...syncLines(result))
  lines.push(
    '',
    'Seeding: one therapist, five couples (POST /api/couples), each session started from its couple',
    '(POST /api/couples/:id/sessions) and, for the history, ended (POST /api/sessions/:id/end). The therapist',
    'and both partners (each in their own cookie jar, through a link) write over the sync socket with the board',
    'package’s mutations, and canvas records as the binding writes them (one transaction per shape; an arrow',
    'with its two bindings): a partner clears last session’s scratch (all but one note and its arrow to a goal',
    'card), the therapist adds goals, stepping stones and goal cards, the partners draw notes and arrows, then',
    'consents, stepping-stone updates, rewrites (scratch in its session; goal cards and kept shapes in their',
    'session and the next two), review cards, floor turns and a huddle. Each couple’s live session has a',
    'meeting under way (cards and floor turns); the long program’s starts by clearing its last session’s',
    'scratch. "the same live board, one session" writes the long program’s end state (goals, consents, each',
    'stepping stone’s last state, the live shapes as they ended) once; "its plan alone" writes all the plan’s',
    'acts (canvas work included) in one live session, without the meetings. Storage: the snapshot row and log',
    'rows under the couple id, read-only, once the server had evicted (and so compacted) every document;',
    '"during the program" reads it after each session.',
    'Chromium: partner A stays connected to each live session; loads alternate long, one, same, plan.',
    'The two documents are the long program’s plan part written into a couple of its own and a meeting under way',
    `in another, opened at once over two sockets; the one document also holds the ${size.sessions} meetings’ history.`,
    `other load: cores busy meanwhile outside the server, Chromium and this process (/proc/stat, steal`,
    `included; steal also apart); above ${maxOtherCores} cores a row is marked disturbed.`,
  )
  return lines.join('\n')
}
