import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { huddleMap, mutate } from '../doc.ts'
import { newId } from '../ids.ts'
import type { PartnerRole } from './goal.ts'
import { PARTNER_ROLES } from './goal.ts'
import type { AgendaPhase, HuddleClock, HuddleStatus } from './huddleClock.ts'
import {
  MAX_AGENDA_PHASES,
  PHASE_KINDS,
  clockTime,
  defaultAgenda,
  spentByPhase,
  walkPhases,
} from './huddleClock.ts'
import { writeHuddleRecord } from './huddleRecord.ts'
import { BOARD_PARTS, readShownPart } from './shownPart.ts'
import type { ShownPart } from './shownPart.ts'
import { defineRecord, field, partnerKey } from '../schema/descriptor.ts'
import {
  DAY_MS,
  LONG_TEXT,
  SHORT_TEXT,
  decimal,
  duration,
  idOrEmpty,
  integer,
  list,
  nullable,
  object,
  oneOf,
  text,
  time,
} from '../schema/fields.ts'

/**
 * The weekly goal huddle (root `huddle`, one record). The therapist alone writes the agenda and the
 * clock; each partner writes only their own keys: `checkIn.<partner>.<prompt>` and
 * `appreciation.<partner>`.
 */
export const CHECK_IN_PROMPTS = ['feelings', 'facts', 'needs', 'requests', 'appreciation'] as const
export type CheckInPrompt = (typeof CHECK_IN_PROMPTS)[number]

export interface HuddleState extends HuddleClock {
  agenda: AgendaPhase[]
  startedAt: number | null
  endedAt: number | null
  runId: string | null
  /** The one if-then plan chosen in the experiment phase ('' none). */
  experimentPlanId: string
  /** Time spent in each phase (by agenda index) before the anchor: kept for the huddle's record. */
  spentMs: number[]
  checkIn: Record<PartnerRole, Record<CheckInPrompt, string>>
  /** Each partner's specific praise of the other. */
  appreciations: Record<PartnerRole, string>
  /** The part of the board the therapist shows to everyone who follows. */
  shownPart: ShownPart | null
}

const STATUSES: readonly HuddleStatus[] = ['notStarted', 'running', 'paused', 'ended']

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const stringAt = (map: Y.Map<unknown>, key: string): string => {
  const value = map.get(key)
  return typeof value === 'string' ? value : ''
}

/**
 * A partner's entry is stored with the huddle run it was written in: the therapist cannot clear a
 * partner's keys, so a new run simply no longer shows last week's answers.
 */
type RunEntry = { text: string; runId: string }

const entryAt = (map: Y.Map<unknown>, key: string, runId: string | null): string => {
  const value = map.get(key) as Partial<RunEntry> | undefined
  return runId !== null && value?.runId === runId && typeof value.text === 'string' ? value.text : ''
}

const currentRunId = (map: Y.Map<unknown>): string => stringAt(map, 'runId')

function readPhase(value: unknown, index: number): AgendaPhase {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<
    Record<string, unknown>
  >
  const kind = PHASE_KINDS.find((candidate) => candidate === stored.kind) ?? 'custom'
  const minutes = numberOrNull(stored.minutes)
  return {
    id: typeof stored.id === 'string' && stored.id ? stored.id : `phase-${index}`,
    kind,
    title: typeof stored.title === 'string' ? stored.title : '',
    minutes: minutes !== null && minutes >= 0 ? minutes : 0,
    advance: stored.advance === 'therapist' ? 'therapist' : 'auto',
  }
}

function readAgenda(value: unknown): AgendaPhase[] {
  if (!Array.isArray(value)) return defaultAgenda.map((phase) => ({ ...phase }))
  return value.map(readPhase)
}

export function selectHuddle(doc: BoardDoc): HuddleState {
  const map = huddleMap(doc)
  const status = STATUSES.find((candidate) => candidate === map.get('status')) ?? 'notStarted'
  const agenda = readAgenda(map.get('agenda'))
  const anchorIndex = numberOrNull(map.get('anchorIndex')) ?? 0
  const spent = map.get('spentMs')
  const runId = map.get('runId')
  const run = typeof runId === 'string' && runId ? runId : null
  const entries = (partner: PartnerRole) =>
    Object.fromEntries(
      CHECK_IN_PROMPTS.map((prompt) => [prompt, entryAt(map, `checkIn.${partner}.${prompt}`, run)]),
    ) as Record<CheckInPrompt, string>
  return {
    agenda,
    status,
    anchorIndex: Number.isInteger(anchorIndex) ? anchorIndex : 0,
    anchorStartedAt: numberOrNull(map.get('anchorStartedAt')),
    extraMs: numberOrNull(map.get('extraMs')) ?? 0,
    pausedAt: numberOrNull(map.get('pausedAt')),
    startedAt: numberOrNull(map.get('startedAt')),
    endedAt: numberOrNull(map.get('endedAt')),
    runId: typeof runId === 'string' && runId ? runId : null,
    experimentPlanId: stringAt(map, 'experimentPlanId'),
    spentMs: agenda.map((_, index) => (Array.isArray(spent) ? numberOrNull(spent[index]) : null) ?? 0),
    checkIn: { partnerA: entries('partnerA'), partnerB: entries('partnerB') },
    appreciations: {
      partnerA: entryAt(map, 'appreciation.partnerA', run),
      partnerB: entryAt(map, 'appreciation.partnerB', run),
    },
    shownPart: readShownPart(map.get('shownPart')),
  }
}

/** Writes only the fields that differ, so an unchanged field adds nothing to the update. */
function write(map: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) {
    const stored = map.get(key)
    if (stored !== value || (typeof value === 'object' && value !== null)) map.set(key, value)
  }
}

const isActive = (state: HuddleState) => state.status === 'running' || state.status === 'paused'

/** Only before the huddle starts (or after it ended, for the next one). */
export function setAgenda(doc: BoardDoc, agenda: AgendaPhase[]): void {
  mutate(doc, () => {
    if (isActive(selectHuddle(doc))) return
    huddleMap(doc).set(
      'agenda',
      agenda.map((phase, index) => readPhase(phase, index)),
    )
  })
}

/** Starts a new run at the first phase; a huddle that ended is started afresh. */
export function startHuddle(doc: BoardDoc): void {
  mutate(doc, () => {
    const state = selectHuddle(doc)
    if (isActive(state) || state.agenda.length === 0) return
    const now = boardClock.now()
    write(huddleMap(doc), {
      status: 'running',
      anchorIndex: 0,
      anchorStartedAt: now,
      extraMs: 0,
      pausedAt: null,
      startedAt: now,
      endedAt: null,
      runId: newId('huddle'),
      spentMs: [],
      ...(state.status === 'ended' ? { experimentPlanId: '' } : {}),
    })
  })
}

export function pauseHuddle(doc: BoardDoc): void {
  mutate(doc, () => {
    if (selectHuddle(doc).status !== 'running') return
    write(huddleMap(doc), { status: 'paused', pausedAt: boardClock.now() })
  })
}

/** The anchor moves forward by the paused span, so the remaining time is kept. */
export function resumeHuddle(doc: BoardDoc): void {
  mutate(doc, () => {
    const { status, pausedAt, anchorStartedAt } = selectHuddle(doc)
    if (status !== 'paused' || pausedAt === null || anchorStartedAt === null) return
    write(huddleMap(doc), {
      status: 'running',
      pausedAt: null,
      anchorStartedAt: anchorStartedAt + (boardClock.now() - pausedAt),
    })
  })
}

function addSpent(spentMs: readonly number[], spent: ReadonlyMap<number, number>): number[] {
  const total = [...spentMs]
  for (const [index, ms] of spent) total[index] = (total[index] ?? 0) + ms
  return total
}

/** Runs `change` with the walk to the clock's instant, in one transaction; nothing while idle. */
function withWalk(
  doc: BoardDoc,
  change: (state: HuddleState, walk: NonNullable<ReturnType<typeof walkPhases>>, at: number) => void,
): void {
  mutate(doc, () => {
    const state = selectHuddle(doc)
    if (!isActive(state)) return
    const at = clockTime(state, boardClock.now())
    const walk = walkPhases(state, at)
    if (walk) change(state, walk, at)
  })
}

/**
 * Adds time to the phase shown now, even if it was reached by moving on by itself: the anchor first
 * moves to that phase. A phase whose time is already up gets `ms` from now.
 */
export function extendPhase(doc: BoardDoc, ms: number): void {
  if (!(ms > 0) || !Number.isFinite(ms)) return
  withWalk(doc, (state, walk, at) => {
    const current = walk.segments.at(-1)
    const phase = current && state.agenda[current.index]
    if (!current || !phase) return
    const plannedEnd = current.startedAt + phase.minutes * 60_000
    write(huddleMap(doc), {
      anchorIndex: current.index,
      anchorStartedAt: current.startedAt,
      extraMs: Math.max(current.endsAt, at) + ms - plannedEnd,
      spentMs: addSpent(state.spentMs, spentByPhase(walk, at, false)),
    })
  })
}

function moveTo(doc: BoardDoc, target: (currentIndex: number, length: number) => number | null): void {
  withWalk(doc, (state, walk, at) => {
    const current = walk.segments.at(-1)
    if (!current) return
    const index = target(current.index, state.agenda.length)
    if (index === null || !Number.isInteger(index) || index < 0 || index >= state.agenda.length) return
    write(huddleMap(doc), {
      anchorIndex: index,
      // While paused the clock stands at the pause; resuming then starts the phase afresh.
      anchorStartedAt: at,
      extraMs: 0,
      spentMs: addSpent(state.spentMs, spentByPhase(walk, at, true)),
    })
  })
}

/** Jumps to a phase (forward or back); it starts now with its full time. */
export function skipToPhase(doc: BoardDoc, index: number): void {
  moveTo(doc, () => index)
}

/** Moves on to the next phase now: for 'therapist' phases and a "next" button. Nothing on the last phase. */
export function advancePhase(doc: BoardDoc): void {
  moveTo(doc, (current, length) => (current + 1 < length ? current + 1 : null))
}

/** Ends the huddle and keeps its record: how long each part took, the turns, the experiment, the praise. */
export function endHuddle(doc: BoardDoc): void {
  withWalk(doc, (state, walk, at) => {
    const now = boardClock.now()
    const spentMs = addSpent(state.spentMs, spentByPhase(walk, at, true))
    write(huddleMap(doc), { status: 'ended', endedAt: now, pausedAt: null, spentMs })
    writeHuddleRecord(doc, { ...state, spentMs, endedAt: now, runId: state.runId ?? newId('huddle') })
  })
}

export function setExperiment(doc: BoardDoc, planId: string): void {
  mutate(doc, () => write(huddleMap(doc), { experimentPlanId: planId }))
}

/** A partner's own answer to one check-in prompt. */
export function setCheckIn(doc: BoardDoc, partner: PartnerRole, prompt: CheckInPrompt, text: string): void {
  if (!PARTNER_ROLES.includes(partner) || !CHECK_IN_PROMPTS.includes(prompt)) return
  mutate(doc, () => {
    const map = huddleMap(doc)
    write(map, { [`checkIn.${partner}.${prompt}`]: { text, runId: currentRunId(map) } })
  })
}

/** A partner's specific praise of the other, for the appreciation phase. */
export function setAppreciation(doc: BoardDoc, partner: PartnerRole, text: string): void {
  if (!PARTNER_ROLES.includes(partner)) return
  mutate(doc, () => {
    const map = huddleMap(doc)
    write(map, { [`appreciation.${partner}`]: { text, runId: currentRunId(map) } })
  })
}

/** A part's planned length in minutes: a whole huddle is 20. */
const MAX_PHASE_MINUTES = 240

export const agendaPhase = object({
  id: text(64, { min: 1 }),
  kind: oneOf(PHASE_KINDS),
  title: text(SHORT_TEXT),
  minutes: decimal(0, MAX_PHASE_MINUTES),
  advance: oneOf(['auto', 'therapist']),
})
/** A partner's entry, with the huddle run it was written in. */
const runEntry = object({ text: text(LONG_TEXT), runId: idOrEmpty })

export const huddleRecord = defineRecord({
  root: 'huddle',
  shape: 'singleton',
  stamped: true,
  fields: [
    field('agenda', list(agendaPhase, MAX_AGENDA_PHASES), 'therapist'),
    field('status', oneOf(STATUSES), 'therapist'),
    field('anchorIndex', integer(0, MAX_AGENDA_PHASES), 'therapist'),
    field('anchorStartedAt', nullable(time), 'therapist'),
    // Time added to the current part (or taken, by moving on early): within a day either way.
    field('extraMs', decimal(-DAY_MS, DAY_MS), 'therapist'),
    field('pausedAt', nullable(time), 'therapist'),
    field('startedAt', nullable(time), 'therapist'),
    field('endedAt', nullable(time), 'therapist'),
    field('runId', idOrEmpty, 'therapist'),
    field('experimentPlanId', idOrEmpty, 'therapist'),
    field('spentMs', list(nullable(duration), MAX_AGENDA_PHASES), 'therapist'),
    field('shownPart', object({ part: oneOf(BOARD_PARTS), step: text(SHORT_TEXT) }), 'therapist'),
    field(partnerKey('checkIn', `\\.(${CHECK_IN_PROMPTS.join('|')})`), runEntry, 'partner'),
    field(partnerKey('appreciation'), runEntry, 'partner'),
  ],
  snapshot: { huddle: selectHuddle },
})
