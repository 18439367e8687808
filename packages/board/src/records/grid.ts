import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { mutate, readString, recordAt, recordEntries, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import type { PartnerRole } from './goal.ts'
import { PARTNER_ROLES } from './goal.ts'
import type { Migration } from '../schema/descriptor.ts'
import { defineRecord, field, partnerKey } from '../schema/descriptor.ts'
import {
  ID_PATTERN,
  SHORT_TEXT,
  boolean,
  dictionary,
  integer,
  list,
  object,
  oneOf,
  text,
  time,
} from '../schema/fields.ts'
import type { MigrationOutcome } from '../schema/versioning.ts'
import { documentSchema, migrateDocument } from '../schema/versioning.ts'

/**
 * The decision grid: proposals (rows) scored by each partner against criteria (columns), 0 to 10.
 * The shared document holds the proposals (root `proposals`), the criteria (root `grid`, therapist-owned)
 * and, once the therapist reveals them, both partners' scores (`grid.revealed`, written by the server
 * alone). Until then each partner's scores live in their own private document (`/sync/:id/scores`),
 * which the other partner's client never receives; the shared document only says *that* a partner
 * scored a cell (`scored.<partner>.<criterionId>` in the proposal), never the value.
 */
export type Protection = 'none' | 'bothProtected' | 'sequenced'
export const PROTECTIONS: readonly Protection[] = ['none', 'bothProtected', 'sequenced']

export interface Proposal {
  id: string
  title: string
  protection: Protection
  /** Who goes first when the proposal is sequenced, e.g. "Maya first, then Sam". */
  sequence: string
  /** Which cells each partner has scored (by criterion id), without the values. */
  scored: Record<PartnerRole, Record<string, boolean>>
  createdAt: number
}

export type ProposalPatch = Partial<Pick<Proposal, 'title' | 'protection' | 'sequence'>>

export interface Criterion {
  id: string
  label: string
}

/** One partner's scores: proposal id → criterion id → 0..10. */
export type Scores = Record<string, Record<string, number>>

export interface GridState {
  criteria: Criterion[]
  revealedAt: number | null
  revealed: Record<PartnerRole, Scores> | null
}

export const DEFAULT_CRITERIA: readonly Criterion[] = [
  { id: 'burden', label: 'Burden' },
  { id: 'benefit', label: 'Benefit' },
  { id: 'risk', label: 'Risk' },
]

export const MIN_SCORE = 0
export const MAX_SCORE = 10

/** Ids that fit in a score key `${proposalId}/${criterionId}`: no '/' and nothing exotic. */
const idPattern = /^[A-Za-z0-9_-]{1,64}$/
const scoreKeyPattern = /^([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})$/

export function proposalsMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('proposals')
}
export function gridMap(doc: BoardDoc): Y.Map<unknown> {
  return doc.getMap('grid')
}

const scoredKey = (partner: PartnerRole, criterionId: string) => `scored.${partner}.${criterionId}`

function readProposal(id: string, record: Y.Map<unknown>): Proposal {
  const protection = PROTECTIONS.find((candidate) => candidate === record.get('protection')) ?? 'none'
  const createdAt = record.get('createdAt')
  const scored: Record<PartnerRole, Record<string, boolean>> = { partnerA: {}, partnerB: {} }
  for (const [key, value] of record.entries()) {
    const match = /^scored\.(partnerA|partnerB)\.(.+)$/.exec(key)
    if (match?.[2] && value === true) scored[match[1] as PartnerRole][match[2]] = true
  }
  return {
    id,
    title: readString(record, 'title'),
    protection,
    sequence: readString(record, 'sequence'),
    scored,
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
  }
}

/** Every proposal, oldest first. */
export function selectProposals(doc: BoardDoc): Proposal[] {
  const proposals: Proposal[] = []
  recordEntries(proposalsMap(doc)).forEach(([id, record]) => {
    if (record instanceof Y.Map) proposals.push(readProposal(id, record))
  })
  return proposals.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
}

export function addProposal(doc: BoardDoc, title: string): string {
  const id = newId('proposal')
  mutate(doc, () => {
    proposalsMap(doc).set(
      id,
      recordMap({ title, protection: 'none', sequence: '', createdAt: boardClock.now() }),
    )
  })
  return id
}

export function updateProposal(doc: BoardDoc, id: string, patch: ProposalPatch): void {
  mutate(doc, () => {
    const record = recordAt(proposalsMap(doc), id)
    if (!record) return
    if (patch.title !== undefined && record.get('title') !== patch.title) record.set('title', patch.title)
    if (patch.protection !== undefined && PROTECTIONS.includes(patch.protection)) {
      if (record.get('protection') !== patch.protection) record.set('protection', patch.protection)
    }
    if (patch.sequence !== undefined && record.get('sequence') !== patch.sequence) {
      record.set('sequence', patch.sequence)
    }
  })
}

export function removeProposal(doc: BoardDoc, id: string): void {
  mutate(doc, () => {
    proposalsMap(doc).delete(id)
  })
}

/** A partner's own marker that they scored a cell; the value itself stays in their scores document. */
export function markScored(
  doc: BoardDoc,
  partner: PartnerRole,
  proposalId: string,
  criterionId: string,
  scored: boolean,
): void {
  if (!PARTNER_ROLES.includes(partner) || !idPattern.test(criterionId)) return
  mutate(doc, () => {
    const record = recordAt(proposalsMap(doc), proposalId)
    if (!record) return
    const key = scoredKey(partner, criterionId)
    if (scored && record.get(key) !== true) record.set(key, true)
    if (!scored && record.has(key)) record.delete(key)
  })
}

function readCriteria(value: unknown): Criterion[] {
  if (!Array.isArray(value)) return DEFAULT_CRITERIA.map((criterion) => ({ ...criterion }))
  const criteria: Criterion[] = []
  for (const entry of value as unknown[]) {
    const stored = (typeof entry === 'object' && entry !== null ? entry : {}) as Partial<
      Record<string, unknown>
    >
    if (typeof stored.id !== 'string' || !idPattern.test(stored.id)) continue
    if (criteria.some((criterion) => criterion.id === stored.id)) continue
    criteria.push({ id: stored.id, label: typeof stored.label === 'string' ? stored.label : '' })
  }
  return criteria
}

/** Only well-formed cells: proposal id → criterion id → an integer 0..10. */
function readScores(value: unknown): Scores {
  const scores: Scores = {}
  if (typeof value !== 'object' || value === null) return scores
  for (const [proposalId, row] of Object.entries(value)) {
    if (typeof row !== 'object' || row === null) continue
    for (const [criterionId, score] of Object.entries(row as Record<string, unknown>)) {
      if (isScore(score)) (scores[proposalId] ??= {})[criterionId] = score
    }
  }
  return scores
}

export function selectGrid(doc: BoardDoc): GridState {
  const map = gridMap(doc)
  const revealedAt = map.get('revealedAt')
  const revealed = map.get('revealed') as Partial<Record<PartnerRole, unknown>> | undefined
  const isRevealed = typeof revealedAt === 'number' && typeof revealed === 'object' && revealed !== null
  return {
    criteria: readCriteria(map.get('criteria')),
    revealedAt: isRevealed ? revealedAt : null,
    revealed: isRevealed
      ? { partnerA: readScores(revealed.partnerA), partnerB: readScores(revealed.partnerB) }
      : null,
  }
}

/** Therapist: the grid's columns. Ids must be unique letters, digits, '-' or '_'; others are dropped. */
export function setCriteria(doc: BoardDoc, criteria: readonly Criterion[]): void {
  mutate(doc, () => {
    gridMap(doc).set(
      'criteria',
      readCriteria(criteria).map(({ id, label }) => ({ id, label })),
    )
  })
}

/** Server only: both partners' scores, read from their private documents, shown to everyone. */
export function writeGridReveal(doc: BoardDoc, revealed: Record<PartnerRole, Scores>, at: number): void {
  const map = gridMap(doc)
  map.set('revealed', { partnerA: readScores(revealed.partnerA), partnerB: readScores(revealed.partnerB) })
  map.set('revealedAt', at)
}

/** Server only: hides the scores again (each partner's private document keeps them). */
export function clearGridReveal(doc: BoardDoc): void {
  const map = gridMap(doc)
  if (map.has('revealed')) map.delete('revealed')
  if (map.has('revealedAt')) map.delete('revealedAt')
}

/** Proposal id → each partner's total. */
export type ProposalTotals = Record<string, Record<PartnerRole, number>>

/** Each proposal's total per partner over the criteria shown (a cell not scored counts 0). */
export function gridTotals(
  revealed: Record<PartnerRole, Scores>,
  proposals: readonly Pick<Proposal, 'id'>[],
  criteria: readonly Criterion[],
): ProposalTotals {
  const total = (scores: Scores, proposalId: string) =>
    criteria.reduce((sum, { id }) => sum + (scores[proposalId]?.[id] ?? 0), 0)
  const totals: ProposalTotals = {}
  for (const { id } of proposals) {
    totals[id] = { partnerA: total(revealed.partnerA, id), partnerB: total(revealed.partnerB, id) }
  }
  return totals
}

export type ScoreDifference = {
  proposalId: string
  criterionId: string
  partnerA: number
  partnerB: number
  difference: number
}

/**
 * The cells where the partners disagree most (|A − B|), largest first; ties keep the grid's order
 * (proposals, then criteria). Only cells both partners scored; cells with no difference are left out.
 * "Most" needs others to stand out from: at most one compared cell in three is named (at least one),
 * so a grid with a single proposal does not flag every one of its cells.
 */
export function largestDifferences(
  revealed: Record<PartnerRole, Scores>,
  proposals: readonly Pick<Proposal, 'id'>[],
  criteria: readonly Criterion[],
  count = 3,
): ScoreDifference[] {
  const cells: ScoreDifference[] = []
  let compared = 0
  for (const { id: proposalId } of proposals) {
    for (const { id: criterionId } of criteria) {
      const partnerA = revealed.partnerA[proposalId]?.[criterionId]
      const partnerB = revealed.partnerB[proposalId]?.[criterionId]
      if (partnerA === undefined || partnerB === undefined) continue
      compared++
      if (partnerA === partnerB) continue
      cells.push({ proposalId, criterionId, partnerA, partnerB, difference: Math.abs(partnerA - partnerB) })
    }
  }
  const named = Math.min(count, Math.max(1, Math.floor(compared / 3)))
  // Array.prototype.sort is stable, so equal differences stay in grid order.
  return cells.sort((a, b) => b.difference - a.difference).slice(0, Math.max(0, named))
}

/** A partner's private scores: a separate document only that partner's connections may open. */
export type ScoresDoc = Y.Doc

export function createScoresDoc(): ScoresDoc {
  return new Y.Doc()
}

/**
 * The root a partner writes in a scores document: `${proposalId}/${criterionId}` → an integer 0..10.
 * Beside it only `meta`, which the server alone writes.
 */
export const SCORES_ROOT = 'scores'

/** The scores' own schema (`meta.schemaVersion`); a change to how scores are kept adds a migration. */
const scoresMigrations: readonly Migration[] = []
const scoresSchema = documentSchema(scoresMigrations)

export const SCORES_SCHEMA_VERSION = scoresSchema.version

/** Server only, when it loads a scores document: see `migrateDocument`. */
export function migrateScores(doc: ScoresDoc): MigrationOutcome {
  return migrateDocument(doc, scoresSchema)
}

function scoresMap(doc: ScoresDoc): Y.Map<unknown> {
  return doc.getMap(SCORES_ROOT)
}

export function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_SCORE && value <= MAX_SCORE
}

export function scoreKey(proposalId: string, criterionId: string): string {
  return `${proposalId}/${criterionId}`
}

/** Sets one cell's score, or clears it with null. Ids or a score out of shape write nothing. */
export function setScore(
  doc: ScoresDoc,
  proposalId: string,
  criterionId: string,
  score: number | null,
): void {
  if (!idPattern.test(proposalId) || !idPattern.test(criterionId)) return
  if (score !== null && !isScore(score)) return
  const key = scoreKey(proposalId, criterionId)
  mutate(doc, () => {
    const map = scoresMap(doc)
    if (score === null) {
      if (map.has(key)) map.delete(key)
    } else if (map.get(key) !== score) map.set(key, score)
  })
}

export function selectScores(doc: ScoresDoc): Scores {
  const scores: Scores = {}
  scoresMap(doc).forEach((value, key) => {
    const match = scoreKeyPattern.exec(key)
    if (match?.[1] && match[2] && isScore(value)) (scores[match[1]] ??= {})[match[2]] = value
  })
  return scores
}

/**
 * What is wrong with one write into a scores document, as a short content-free reason, or null. The
 * server asks it for every change: `root` is the changed root, `key` the map key (null if the change
 * is not a map entry of the root), `value` what is written (undefined for a removal).
 */
export function checkScoreWrite(
  root: string,
  key: string | null,
  write: { kind: 'delete' } | { kind: 'plain'; value: unknown } | { kind: 'other' },
): string | null {
  if (root !== SCORES_ROOT) return 'unknown_root'
  if (key === null || !scoreKeyPattern.test(key)) return 'bad_key'
  if (write.kind === 'delete') return null
  if (write.kind !== 'plain') return 'not_a_number'
  return isScore(write.value) ? null : 'out_of_range'
}

export const proposalRecord = defineRecord({
  root: 'proposals',
  shape: 'collection',
  stamped: true,
  undo: true,
  fields: [
    field('title', text(SHORT_TEXT)),
    field('protection', oneOf(PROTECTIONS)),
    field('sequence', text(SHORT_TEXT)),
    field('createdAt', time),
    // That a partner scored a cell, never the score: `scored.<partner>.<criterionId>`.
    field(partnerKey('scored', '\\.[A-Za-z0-9_-]{1,64}'), boolean, 'partner'),
  ],
  snapshot: { proposals: selectProposals },
})

/** A grid has a handful of criteria and proposals; these bounds are far above any real one. */
const MAX_CRITERIA = 12
const MAX_PROPOSALS = 100
const revealedScores = dictionary(
  ID_PATTERN,
  dictionary(ID_PATTERN, integer(MIN_SCORE, MAX_SCORE), MAX_CRITERIA),
  MAX_PROPOSALS,
)

export const gridRecord = defineRecord({
  root: 'grid',
  shape: 'singleton',
  stamped: true,
  fields: [
    field(
      'criteria',
      list(object({ id: text(64, { pattern: ID_PATTERN }), label: text(SHORT_TEXT) }), MAX_CRITERIA),
      'therapist',
    ),
    // Copied in by the server from the partners' private documents when the therapist reveals them.
    field('revealed', object({ partnerA: revealedScores, partnerB: revealedScores }), 'server'),
    field('revealedAt', time, 'server'),
  ],
  snapshot: { grid: selectGrid },
})
