import type { BoardDoc } from '../doc.ts'
import { huddleMap, mutate } from '../doc.ts'
import type { HuddleView, PhaseKind } from './huddleClock.ts'

/** The parts of the board the main area shows, one at a time. */
export const BOARD_PARTS = ['huddle', 'canvas', 'goals', 'review', 'grid'] as const
export type BoardPart = (typeof BOARD_PARTS)[number]

/** Where each huddle part happens: moving on in the huddle brings everyone who follows there. */
export const partForPhase: Record<PhaseKind, BoardPart> = {
  checkIn: 'huddle',
  review: 'review',
  experiment: 'canvas',
  appreciation: 'huddle',
  custom: 'huddle',
}

/**
 * The therapist's choice of part, with the huddle part it was made in. It holds only in that huddle
 * part: when the huddle moves on (by itself, on the clock, or by the therapist), the new part's place
 * comes first, so people who follow are never left on the last part's board.
 */
export interface ShownPart {
  part: BoardPart
  /** `huddleStep(view)` when it was chosen. */
  step: string
}

/** Which huddle part is on: its run and its place in the agenda; '' while no huddle runs. */
export function huddleStep(view: HuddleView, runId: string | null): string {
  const active = view.status === 'running' || view.status === 'paused'
  return active && view.phaseIndex !== null ? `${runId ?? ''}:${view.phaseIndex}` : ''
}

export function readShownPart(value: unknown): ShownPart | null {
  if (typeof value !== 'object' || value === null) return null
  const { part, step } = value as Record<string, unknown>
  const known = BOARD_PARTS.find((candidate) => candidate === part)
  return known && typeof step === 'string' ? { part: known, step } : null
}

/** The part everyone who follows the therapist sees now. */
export function followedPart(shown: ShownPart | null, view: HuddleView, runId: string | null): BoardPart {
  const step = huddleStep(view, runId)
  if (shown && shown.step === step) return shown.part
  return step && view.phase ? partForPhase[view.phase.kind] : (shown?.part ?? 'huddle')
}

/** The therapist shows a part to everyone who follows (the server refuses anyone else's). */
export function showPart(doc: BoardDoc, shown: ShownPart): void {
  mutate(doc, () => {
    const current = readShownPart(huddleMap(doc).get('shownPart'))
    if (current?.part === shown.part && current.step === shown.step) return
    huddleMap(doc).set('shownPart', { part: shown.part, step: shown.step })
  })
}
