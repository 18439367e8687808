import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BoardDoc } from './doc.ts'
import { cardsMap, createBoardDoc } from './doc.ts'
import { compareOrdered } from './order.ts'
import type { Column } from './records/card.ts'
import { COLUMNS, addCard, moveCard, removeCard, selectColumns, updateCardText } from './records/card.ts'
import { addGoal, selectGoals, setConsent, updateGoal } from './records/goal.ts'
import { updateSessionInfo } from './records/session.ts'
import { selectBoard } from './store.ts'

const REPLICAS = 3
const REMOTE = 'remote'

/** Three replicas whose local updates wait in per-peer inboxes until a step delivers them. */
function createNetwork() {
  const docs = Array.from({ length: REPLICAS }, () => createBoardDoc())
  const inboxes: Uint8Array[][] = docs.map(() => [])
  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return
      inboxes.forEach((inbox, to) => to !== from && inbox.push(update))
    })
  })
  const deliver = (to: number, picks: number[]) => {
    const inbox = inboxes[to] ?? []
    for (const pick of picks) {
      if (inbox.length === 0) return
      const [update] = inbox.splice(pick % inbox.length, 1)
      if (update) Y.applyUpdate(docs[to] as BoardDoc, update, REMOTE)
    }
  }
  const deliverAll = (shuffle: number[]) => {
    for (let round = 0; inboxes.some((inbox) => inbox.length > 0); round++) {
      docs.forEach((_, to) =>
        deliver(to, [...shuffle, ...Array<number>(inboxes[to]?.length ?? 0).fill(round)]),
      )
    }
  }
  return { docs, deliver, deliverAll }
}

const column = fc.constantFrom<Column>(...COLUMNS)
const replica = fc.nat({ max: REPLICAS - 1 })
const pick = fc.nat({ max: 50 })
const text = fc.string({ maxLength: 12 })

const step = fc.oneof(
  fc.record({ kind: fc.constant('addCard' as const), replica, column, text }),
  fc.record({ kind: fc.constant('moveCard' as const), replica, pick, column, index: fc.nat({ max: 12 }) }),
  fc.record({ kind: fc.constant('moveCard' as const), replica, pick, column, index: fc.nat({ max: 12 }) }),
  fc.record({ kind: fc.constant('editCard' as const), replica, pick, text }),
  fc.record({ kind: fc.constant('removeCard' as const), replica, pick }),
  fc.record({ kind: fc.constant('addGoal' as const), replica, text }),
  fc.record({ kind: fc.constant('editGoal' as const), replica, pick, text }),
  fc.record({
    kind: fc.constant('consent' as const),
    replica,
    pick,
    partner: fc.constantFrom('partnerA', 'partnerB'),
  }),
  fc.record({ kind: fc.constant('title' as const), replica, text }),
  fc.record({ kind: fc.constant('deliver' as const), replica, picks: fc.array(fc.nat(), { maxLength: 6 }) }),
)
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

function run(network: ReturnType<typeof createNetwork>, s: Step): void {
  const doc = network.docs[s.replica] as BoardDoc
  const cards = [...cardsMap(doc).keys()].sort()
  const goals = selectGoals(doc)
  const cardAt = (n: number) => cards[n % Math.max(1, cards.length)]
  const goalAt = (n: number) => goals[n % Math.max(1, goals.length)]?.id
  switch (s.kind) {
    case 'addCard':
      addCard(doc, { text: s.text, column: s.column })
      return
    case 'moveCard': {
      const id = cardAt(s.pick)
      if (id) moveCard(doc, id, s.column, s.index)
      return
    }
    case 'editCard': {
      const id = cardAt(s.pick)
      if (id) updateCardText(doc, id, s.text)
      return
    }
    case 'removeCard': {
      const id = cardAt(s.pick)
      if (id) removeCard(doc, id)
      return
    }
    case 'addGoal':
      addGoal(doc, { title: s.text })
      return
    case 'editGoal': {
      const id = goalAt(s.pick)
      if (id) updateGoal(doc, id, { specific: s.text })
      return
    }
    case 'consent': {
      const id = goalAt(s.pick)
      if (id) setConsent(doc, id, s.partner, true)
      return
    }
    case 'title':
      updateSessionInfo(doc, { title: s.text })
      return
    case 'deliver':
      network.deliver(s.replica, s.picks)
  }
}

function expectInvariants(doc: BoardDoc): void {
  const columns = selectColumns(doc)
  const placed = COLUMNS.flatMap((c) => columns[c].map((card) => card.id))
  // Each card stands in exactly one column.
  expect(new Set(placed).size).toBe(placed.length)
  expect(placed.sort()).toEqual([...cardsMap(doc).keys()].sort())
  // Each column is a strict total order.
  for (const c of COLUMNS) {
    const cards = columns[c]
    for (let i = 1; i < cards.length; i++) expect(compareOrdered(cards[i - 1]!, cards[i]!)).toBeLessThan(0)
  }
}

describe('three replicas editing concurrently', () => {
  it('end identical and keep the invariants, whatever the delivery order', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 80 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (steps, shuffle) => {
          const network = createNetwork()
          for (const s of steps) run(network, s)
          for (const doc of network.docs) expectInvariants(doc)
          network.deliverAll(shuffle)
          const [first, ...others] = network.docs.map((doc) => selectBoard(doc))
          for (const other of others) expect(other).toEqual(first)
          const vectors = network.docs.map((doc) => Buffer.from(Y.encodeStateVector(doc)).toString('hex'))
          expect(new Set(vectors).size).toBe(1)
          for (const doc of network.docs) expectInvariants(doc)
        },
      ),
      { numRuns: 300 },
    )
  })
})
