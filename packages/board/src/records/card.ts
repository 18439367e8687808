import type * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { cardsMap, mutate, readString, recordAt, recordEntries, recordMap } from '../doc.ts'
import { newId } from '../ids.ts'
import { compareOrdered, positionAt } from '../order.ts'
import type { Author } from '../rules/stamps.ts'
import { readAuthor } from '../rules/stamps.ts'
import type { GoalOwner, PartnerRole } from './goal.ts'
import { PARTNER_ROLES, readOwner } from './goal.ts'
import { defineRecord, field, partnerKey } from '../schema/descriptor.ts'
import { LONG_TEXT, SHORT_TEXT, integer, object, oneOf, owner, text, time } from '../schema/fields.ts'

export type Column = 'keep' | 'stop' | 'start'
export const COLUMNS: readonly Column[] = ['keep', 'stop', 'start']
export const columnLabels: Record<Column, string> = { keep: 'Keep', stop: 'Stop', start: 'Start' }

export type RatingKind = 'effort' | 'impact'
export const RATING_KINDS: readonly RatingKind[] = ['effort', 'impact']
export const MAX_RATING = 10
/** A partner's 0–10 ratings of a card; null where they have not rated yet. */
export type CardRating = Record<RatingKind, number | null>

/** A review card. Its column and position are one value, so a move is never half-applied. */
export interface Card {
  id: string
  text: string
  column: Column
  position: string
  createdAt: number
  /** Who added the card, as the server stamped it; null until the server's stamp arrives. */
  author: Author | null
  owner: GoalOwner
  /** A free-text label; cards of the same group show together in their column. '' for none. */
  group: string
  ratings: Record<PartnerRole, CardRating>
}

interface Place {
  column: Column
  position: string
}

/** The partner-owned key of one rating (see `partnerOwnedKey` in writeRules.ts). */
export const ratingKey = (partner: PartnerRole, kind: RatingKind) => `rating.${partner}.${kind}`

function isColumn(value: unknown): value is Column {
  return value === 'keep' || value === 'stop' || value === 'start'
}

function readPlace(record: Y.Map<unknown>): Place {
  const place = record.get('place') as Partial<Place> | undefined
  return {
    column: isColumn(place?.column) ? place.column : 'keep',
    position: typeof place?.position === 'string' ? place.position : '',
  }
}

function readRating(record: Y.Map<unknown>, partner: PartnerRole, kind: RatingKind): number | null {
  const value = record.get(ratingKey(partner, kind))
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_RATING
    ? value
    : null
}

export function readCard(id: string, record: Y.Map<unknown>): Card {
  const createdAt = record.get('createdAt')
  const ratings = {} as Record<PartnerRole, CardRating>
  for (const partner of PARTNER_ROLES) {
    ratings[partner] = {
      effort: readRating(record, partner, 'effort'),
      impact: readRating(record, partner, 'impact'),
    }
  }
  return {
    id,
    text: readString(record, 'text'),
    ...readPlace(record),
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    author: readAuthor(record.get('createdBy')),
    owner: readOwner(record, 'owner'),
    group: readString(record, 'group').trim(),
    ratings,
  }
}

/**
 * The order a column shows: cards of one group together, the group where its first card is, the
 * group's cards in their own order. A card without a group stands on its own.
 */
export function groupedOrder(cards: readonly Card[]): Card[] {
  const clusters = new Map<string, Card[]>()
  for (const card of [...cards].sort(compareOrdered)) {
    const key = card.group ? `group:${card.group}` : `card:${card.id}`
    const cluster = clusters.get(key)
    if (cluster) cluster.push(card)
    else clusters.set(key, [card])
  }
  return [...clusters.values()].flat()
}

export function selectColumns(doc: BoardDoc): Record<Column, Card[]> {
  const columns: Record<Column, Card[]> = { keep: [], stop: [], start: [] }
  recordEntries(cardsMap(doc)).forEach(([id, record]) => {
    const card = readCard(id, record)
    columns[card.column].push(card)
  })
  for (const column of COLUMNS) columns[column] = groupedOrder(columns[column])
  return columns
}

function columnWithout(doc: BoardDoc, column: Column, id: string): Card[] {
  return selectColumns(doc)[column].filter((card) => card.id !== id)
}

/**
 * A position that shows a card of `group` at `index` of `shown` (a column in the order it shows,
 * without the card), or as near as its group allows: a card stays with the other cards of its group.
 */
function positionShownAt(shown: readonly Card[], group: string, index: number): string {
  const at = Math.max(0, Math.min(index, shown.length))
  // The first card of each group (or a card on its own) decides where the group shows.
  const leaders: { start: number; end: number; card: Card }[] = []
  for (let i = 0; i < shown.length; i++) {
    const card = shown[i] as Card
    const last = leaders[leaders.length - 1]
    if (last && card.group && card.group === last.card.group) last.end = i + 1
    else leaders.push({ start: i, end: i + 1, card })
  }
  const leaderCards = leaders.map((leader) => leader.card)
  // The group (or lone card) it lands on, counted as the place before which it goes.
  const landing = leaders.findIndex((leader) => at < leader.end)
  const before = landing < 0 ? leaders.length : at === leaders[landing]?.start ? landing : landing + 1
  const own = group ? leaders.findIndex((leader) => leader.card.group === group) : -1
  const lead = leaders[own]
  if (!lead) return positionAt(leaderCards, before)
  // Above its group: it leads the group there. Inside or below: it stays in the group, at most last.
  if (at <= lead.start) return positionAt(leaderCards, Math.min(before, own))
  const members = shown.slice(lead.start, lead.end)
  return positionAt(members, Math.min(at - lead.start, members.length))
}

/**
 * Before a card leaves its place (moved or removed): if it is the first card of its group, the group's
 * next card takes over its position, so the rest of the group stays where it shows.
 */
function handOverLead(doc: BoardDoc, id: string): void {
  const record = recordAt(cardsMap(doc), id)
  if (!record) return
  const card = readCard(id, record)
  if (!card.group) return
  const members = selectColumns(doc)[card.column].filter((other) => other.group === card.group)
  const next = members[1]
  if (members[0]?.id !== id || !next) return
  const place: Place = { column: next.column, position: card.position }
  recordAt(cardsMap(doc), next.id)?.set('place', place)
}

export function addCard(doc: BoardDoc, input: { text: string; column: Column }): string {
  const id = newId('card')
  mutate(doc, () => {
    const cards = columnWithout(doc, input.column, id)
    const place: Place = { column: input.column, position: positionShownAt(cards, '', cards.length) }
    cardsMap(doc).set(id, recordMap({ text: input.text, place, createdAt: boardClock.now() }))
  })
  return id
}

export function updateCardText(doc: BoardDoc, id: string, text: string): void {
  mutate(doc, () => {
    const record = recordAt(cardsMap(doc), id)
    if (record && record.get('text') !== text) record.set('text', text)
  })
}

/**
 * Moves a card to `index` of `column` as the column shows (`selectColumns`), counting the column's
 * cards without the moved one. A card in a group stays with its group.
 */
export function moveCard(doc: BoardDoc, id: string, column: Column, index: number): void {
  mutate(doc, () => {
    const record = recordAt(cardsMap(doc), id)
    if (!record) return
    handOverLead(doc, id)
    const group = readString(record, 'group').trim()
    const place: Place = { column, position: positionShownAt(columnWithout(doc, column, id), group, index) }
    record.set('place', place)
  })
}

export function removeCard(doc: BoardDoc, id: string): void {
  mutate(doc, () => {
    handOverLead(doc, id)
    cardsMap(doc).delete(id)
  })
}

export function setCardOwner(doc: BoardDoc, id: string, owner: GoalOwner): void {
  if (owner !== '' && owner !== 'both' && !PARTNER_ROLES.includes(owner)) return
  mutate(doc, () => {
    const record = recordAt(cardsMap(doc), id)
    if (record && record.get('owner') !== owner) record.set('owner', owner)
  })
}

/**
 * Puts a card in a group (free text; '' for none). It then shows with that group's other cards; a card
 * that led its old group keeps its place, and the old group shows where its next card is.
 */
export function setCardGroup(doc: BoardDoc, id: string, group: string): void {
  mutate(doc, () => {
    const record = recordAt(cardsMap(doc), id)
    if (record && record.get('group') !== group) record.set('group', group)
  })
}

/** A partner's own 0–10 rating of a card's effort or impact; null takes the rating back. */
export function rateCard(
  doc: BoardDoc,
  id: string,
  partner: PartnerRole,
  kind: RatingKind,
  value: number | null,
): void {
  if (!PARTNER_ROLES.includes(partner) || !RATING_KINDS.includes(kind)) return
  if (value !== null && !(Number.isInteger(value) && value >= 0 && value <= MAX_RATING)) return
  mutate(doc, () => {
    const record = recordAt(cardsMap(doc), id)
    if (!record) return
    const key = ratingKey(partner, kind)
    if (value === null) {
      if (record.has(key)) record.delete(key)
    } else if (record.get(key) !== value) {
      record.set(key, value)
    }
  })
}

/** A fractional index (`fractional-indexing`'s base-62 keys); long only after thousands of moves. */
export const POSITION = text(256, { pattern: /^[0-9A-Za-z]*$/ })

export const cardRecord = defineRecord({
  root: 'cards',
  shape: 'collection',
  stamped: true,
  undo: true,
  fields: [
    field('text', text(LONG_TEXT)),
    field('place', object({ column: oneOf(COLUMNS), position: POSITION })),
    field('createdAt', time),
    field('owner', owner),
    field('group', text(SHORT_TEXT)),
    field(partnerKey('rating', '\\.(effort|impact)'), integer(0, MAX_RATING), 'partner'),
  ],
  snapshot: { columns: selectColumns },
})
