import type { TreatmentPhase } from '@session-board/protocol'
import type { Sql } from '../store/sql.ts'
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
  #sql: Sql
  #now: () => number

  constructor(sql: Sql, now: () => number) {
    this.#sql = sql
    this.#now = now
  }

  async create(input: Omit<CoupleRow, 'id' | 'createdAt'>): Promise<CoupleRow> {
    const row: CoupleRow = { ...input, id: randomId('cpl'), createdAt: this.#now() }
    await this.#sql.run(
      `INSERT INTO couples (id, therapist_id, partner_a_name, partner_b_name, program_start, phase, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.therapistId,
        row.partnerAName,
        row.partnerBName,
        row.programStart,
        row.phase,
        row.createdAt,
      ],
    )
    return row
  }

  async byId(id: string): Promise<CoupleRow | null> {
    const row = await this.#sql.get<Record<string, unknown>>('SELECT * FROM couples WHERE id = ?', [id])
    return row ? toCouple(row) : null
  }

  /** The couple if this therapist cares for it; null otherwise (callers answer 404 either way). */
  async ownedBy(id: string, therapistId: string): Promise<CoupleRow | null> {
    const couple = await this.byId(id)
    return couple?.therapistId === therapistId ? couple : null
  }

  async listFor(therapistId: string): Promise<CoupleRow[]> {
    const rows = await this.#sql.all<Record<string, unknown>>(
      'SELECT * FROM couples WHERE therapist_id = ? ORDER BY created_at, id',
      [therapistId],
    )
    return rows.map(toCouple)
  }

  /** Changes the given fields in one statement, and returns the couple as it now is. */
  async update(id: string, changes: CoupleChanges): Promise<CoupleRow | null> {
    const set = (Object.entries(columns) as [keyof CoupleChanges, string][]).filter(
      ([key]) => changes[key] !== undefined,
    )
    if (set.length > 0) {
      await this.#sql.run(
        `UPDATE couples SET ${set.map(([, column]) => `${column} = ?`).join(', ')} WHERE id = ?`,
        [...set.map(([key]) => changes[key] ?? null), id],
      )
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
