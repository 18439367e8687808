import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { mutate, revealMap } from '../doc.ts'
import { defineRecord, field } from '../schema/descriptor.ts'
import { time } from '../schema/fields.ts'

/**
 * What the therapist has revealed of the partners' private scores, by topic (e.g. a week's effort and
 * impact ratings). A topic is hidden until its key holds the time it was revealed. Therapist-owned.
 */
export function selectRevealed(doc: BoardDoc): Record<string, number> {
  const revealed: Record<string, number> = {}
  revealMap(doc).forEach((value, topic) => {
    if (typeof value === 'number' && topic !== 'updatedBy') revealed[topic] = value
  })
  return revealed
}

export function revealScores(doc: BoardDoc, topic: string): void {
  mutate(doc, () => {
    revealMap(doc).set(topic, boardClock.now())
  })
}

export function hideScores(doc: BoardDoc, topic: string): void {
  mutate(doc, () => {
    revealMap(doc).delete(topic)
  })
}

/** Therapist-owned: each revealed topic holds the time it was revealed. */
export const revealRecord = defineRecord({
  root: 'reveal',
  shape: 'singleton',
  stamped: true,
  fields: [field(/^[A-Za-z0-9_.:-]{1,64}$/, time, 'therapist')],
})
