// What a couple does on the goal canvas over a program, session by session. The therapist places a card
// for each new goal; the partners draw sticky notes and arrows between them (an arrow is written with
// its two bindings, as tldraw binds an arrow drawn from one shape to another); everyone moves and edits
// what was drawn a few times; and at the start of the next session the couple clears last session's
// scratch work, keeping one note with an arrow from it to a goal card. So the canvas's history grows
// with the program while the live canvas stays the goals' cards and a note and an arrow per session.
import type { IndexKey } from '@tldraw/utils'
import { getIndices } from '@tldraw/utils'
import { arrowRecords, goalCardFields, noteFields, noteSize, noteText } from './canvasRecords.ts'
import type { Fields } from './canvasRecords.ts'
import type { Writer } from './program.ts'

/** A canvas record as the binding stores it; a goal card's `goalId` is filled in by its writer. */
export interface DrawnRecord {
  id: string
  fields: Fields
  /** The goal a goal card shows (its key in the program); null for other records. */
  goalKey: string | null
}

/** What one person draws in one go, one transaction: a shape, or an arrow with its bindings. */
export interface Stroke {
  by: Writer
  records: DrawnRecord[]
}

/** A later change to one shape: it moved, or its text or bend was edited (only the fields changed). */
export interface Rewrite {
  id: string
  by: Writer
  fields: Fields
}

/** The couple selecting last session's scratch work and deleting it, in one go. */
export interface Clearing {
  by: Writer
  ids: string[]
}

export interface CanvasSession {
  strokes: Stroke[]
  rewrites: Rewrite[]
  /** Last session's scratch work, cleared before anything is drawn; null in the first session. */
  clearing: Clearing | null
}

const writers = ['partnerA', 'partnerB', 'therapist'] as const
const goalCard = { columns: 10, w: 320, h: 420 }
const scratch = { top: 1_400, columns: 8, step: 240 }
const keptArea = { left: 3_400, columns: 6, step: 240 }
/** Records of an arrow: the shape and its two bindings. */
const arrowSize = 3

export class CanvasPlanner {
  readonly #random: () => number
  readonly #sessions: number
  readonly #rewritesPerShape: number
  readonly #indices: IndexKey[]
  #drawn = 0
  readonly #goalCards: string[] = []
  /** Rewrites of shapes that stay (goal cards, kept notes and arrows), spread over later sessions. */
  readonly #later: Rewrite[][]
  #lastScratch: string[] = []
  #clearings = 0

  constructor(options: {
    random: () => number
    sessions: number
    records: number
    rewritesPerShape: number
  }) {
    this.#random = options.random
    this.#sessions = options.sessions
    this.#rewritesPerShape = options.rewritesPerShape
    this.#indices = getIndices(options.records)
    this.#later = Array.from({ length: options.sessions }, () => [])
  }

  /** Session `i`: cards for its new goals and `otherRecords` records of notes and arrows. */
  session(
    i: number,
    goalKeys: string[],
    otherRecords: number,
    phrase: (words: number) => string,
  ): CanvasSession {
    const clearing = this.clearLastSession()
    const strokes: Stroke[] = []
    const rewrites: Rewrite[] = []
    const place = (x: number, y: number) => ({ x, y, index: this.#indices[this.#drawn++] as IndexKey })
    const draw = (by: Writer, records: DrawnRecord[]): void => void strokes.push({ by, records })

    for (const key of goalKeys) {
      const n = this.#goalCards.length
      const id = `shape:goal-${key}`
      const at = place((n % goalCard.columns) * goalCard.w, Math.floor(n / goalCard.columns) * goalCard.h)
      draw('therapist', [{ id, fields: goalCardFields(id, at), goalKey: key }])
      this.#goalCards.push(id)
      this.#spreadRewrites(i, (m) => this.#move(id, at, m))
    }

    let left = otherRecords
    const target = this.#goalCards.length > 0 ? this.#pick(this.#goalCards) : null
    if (target !== null && left >= 1 + arrowSize) {
      // The note the couple keeps, with an arrow from it to a goal card.
      left -= 1 + arrowSize
      const note = `shape:s${i + 1}-kept-note`
      const at = place(
        keptArea.left + (i % keptArea.columns) * keptArea.step,
        Math.floor(i / keptArea.columns) * keptArea.step,
      )
      draw('partnerA', [{ id: note, fields: noteFields(note, at, phrase(4)), goalKey: null }])
      this.#spreadRewrites(i, (m) => (m === 1 ? this.#edit(note, m, phrase) : this.#move(note, at, m)))
      const arrow = `shape:s${i + 1}-kept-arrow`
      const from = place(at.x + noteSize / 2, at.y + noteSize / 2)
      draw('partnerB', this.#arrow(arrow, from, note, target))
      this.#spreadRewrites(i, (m) => this.#bend(arrow, m))
    }

    const arrows = Math.floor(left / (2 * arrowSize))
    const notes = left - arrows * arrowSize
    const scratchIds: string[] = []
    const scratchAt: { x: number; y: number }[] = []
    for (let k = 0; k < notes; k++) {
      const id = `shape:s${i + 1}-note${k + 1}`
      const at = place(
        (k % scratch.columns) * scratch.step,
        scratch.top + Math.floor(k / scratch.columns) * scratch.step,
      )
      draw(k % 2 === 0 ? 'partnerA' : 'partnerB', [
        { id, fields: noteFields(id, at, phrase(3)), goalKey: null },
      ])
      scratchIds.push(id)
      scratchAt.push(at)
      // Scratch work is moved and edited in the session it is drawn in.
      for (let m = 0; m < this.#rewritesPerShape; m++)
        rewrites.push(m % 3 === 1 ? this.#edit(id, m, phrase) : this.#move(id, at, m))
    }
    for (let k = 0; k < arrows; k++) {
      const id = `shape:s${i + 1}-arrow${k + 1}`
      const start = scratchAt[k] ?? { x: 0, y: 0 }
      const records = this.#arrow(
        id,
        place(start.x + noteSize / 2, start.y + noteSize / 2),
        scratchIds[k] ?? '',
        scratchIds[k + 1] ?? '',
      )
      draw(k % 2 === 0 ? 'partnerB' : 'partnerA', records)
      scratchIds.push(...records.map((record) => record.id))
      for (let m = 0; m < this.#rewritesPerShape; m++) rewrites.push(this.#bend(id, m))
    }
    this.#lastScratch = scratchIds
    rewrites.push(...(this.#later[i] ?? []))
    return { strokes, rewrites, clearing }
  }

  /** Clears last session's scratch work (the live session starts with this too). */
  clearLastSession(): Clearing | null {
    if (this.#lastScratch.length === 0) return null
    const clearing: Clearing = {
      by: this.#clearings++ % 2 === 0 ? 'partnerA' : 'partnerB',
      ids: this.#lastScratch,
    }
    this.#lastScratch = []
    return clearing
  }

  #pick = <T>(items: readonly T[]): T => items[Math.floor(this.#random() * items.length)] as T

  /** The m-th rewrite of a shape that stays goes to its session or a later one, by each person in turn. */
  #spreadRewrites(i: number, rewrite: (m: number) => Rewrite): void {
    for (let m = 0; m < this.#rewritesPerShape; m++)
      this.#later[Math.min(this.#sessions - 1, i + m)]?.push(rewrite(m))
  }

  #move(id: string, at: { x: number; y: number }, m: number): Rewrite {
    const jitter = (): number => Math.round(this.#random() * 80) - 40
    return { id, by: writers[m % 3] ?? 'therapist', fields: { x: at.x + jitter(), y: at.y + jitter() } }
  }

  #edit(id: string, m: number, phrase: (words: number) => string): Rewrite {
    return { id, by: writers[m % 3] ?? 'therapist', fields: noteText(phrase(5)) }
  }

  #bend(id: string, m: number): Rewrite {
    return {
      id,
      by: writers[m % 3] ?? 'therapist',
      fields: { 'props.bend': Math.round(this.#random() * 60) - 30 },
    }
  }

  #arrow(id: string, at: { x: number; y: number; index: IndexKey }, from: string, to: string): DrawnRecord[] {
    const end = { x: Math.round(this.#random() * 200) + 40, y: Math.round(this.#random() * 200) - 100 }
    return arrowRecords(id, at, end, from, to).map((record) => ({ ...record, goalKey: null }))
  }
}
