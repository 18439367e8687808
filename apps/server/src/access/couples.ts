import type { DatabaseSync } from 'node:sqlite'
import type { TreatmentPhase } from '@session-board/protocol'
import { randomId } from './tokens.ts'

export type CoupleRow = {
  id: string
  therapistId: string
  partnerAName: string
  partnerBName: string
  /** The program's first day, YYYY-MM-DD. */
  programStart: string
  phase: TreatmentPhase
  createdAt: number
}

export type CoupleChanges = Partial<
  Pick<CoupleRow, 'partnerAName' | 'partnerBName' | 'programStart' | 'phase'>
>

const columns = {
  partnerAName: 'partner_a_name',
  partnerBName: 'partner_b_name',
  programStart: 'program_start',
  phase: 'phase',
} as const

/** A therapist's caseload. Each couple has one plan (its document, stored under the couple's id). */
export class Couples {
  #db: DatabaseSync
  #now: () => number
  #byId

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db
    this.#now = now
    this.#byId = db.prepare('SELECT * FROM couples WHERE id = ?')
  }

  create(input: Omit<CoupleRow, 'id' | 'createdAt'>): CoupleRow {
    const row: CoupleRow = { ...input, id: randomId('cpl'), createdAt: this.#now() }
    this.#db
      .prepare(
        `INSERT INTO couples (id, therapist_id, partner_a_name, partner_b_name, program_start, phase, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.therapistId,
        row.partnerAName,
        row.partnerBName,
        row.programStart,
        row.phase,
        row.createdAt,
      )
    return row
  }

  byId(id: string): CoupleRow | null {
    const row = this.#byId.get(id)
    return row ? toCouple(row) : null
  }

  /** The couple if this therapist cares for it; null otherwise (callers answer 404 either way). */
  ownedBy(id: string, therapistId: string): CoupleRow | null {
    const couple = this.byId(id)
    return couple?.therapistId === therapistId ? couple : null
  }

  listFor(therapistId: string): CoupleRow[] {
    return this.#db
      .prepare('SELECT * FROM couples WHERE therapist_id = ? ORDER BY created_at, id')
      .all(therapistId)
      .map(toCouple)
  }

  update(id: string, changes: CoupleChanges): CoupleRow | null {
    for (const [key, column] of Object.entries(columns) as [keyof CoupleChanges, string][]) {
      const value = changes[key]
      if (value !== undefined)
        this.#db.prepare(`UPDATE couples SET ${column} = ? WHERE id = ?`).run(value, id)
    }
    return this.byId(id)
  }
}

function toCouple(row: Record<string, unknown>): CoupleRow {
  return {
    id: String(row.id),
    therapistId: String(row.therapist_id),
    partnerAName: String(row.partner_a_name),
    partnerBName: String(row.partner_b_name),
    programStart: String(row.program_start),
    phase: String(row.phase) as TreatmentPhase,
    createdAt: Number(row.created_at),
  }
}
