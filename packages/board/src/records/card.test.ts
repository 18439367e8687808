import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createBoardDoc } from '../doc.ts'
import { stampRecord } from '../rules/writeRules.ts'
import {
  addCard,
  moveCard,
  rateCard,
  removeCard,
  selectColumns,
  setCardGroup,
  setCardOwner,
  updateCardText,
} from './card.ts'

const texts = (doc: Y.Doc) => {
  const columns = selectColumns(doc)
  return {
    keep: columns.keep.map((c) => c.text),
    stop: columns.stop.map((c) => c.text),
    start: columns.start.map((c) => c.text),
  }
}

describe('review cards', () => {
  it('appends new cards at the end of their column', () => {
    const doc = createBoardDoc()
    addCard(doc, { text: 'Morning coffee together', column: 'keep' })
    addCard(doc, { text: 'Phones away at dinner', column: 'keep' })
    addCard(doc, { text: 'Late-night arguments', column: 'stop' })
    expect(texts(doc)).toEqual({
      keep: ['Morning coffee together', 'Phones away at dinner'],
      stop: ['Late-night arguments'],
      start: [],
    })
  })

  it('moves a card between columns and within a column', () => {
    const doc = createBoardDoc()
    const a = addCard(doc, { text: 'a', column: 'keep' })
    addCard(doc, { text: 'b', column: 'keep' })
    const c = addCard(doc, { text: 'c', column: 'keep' })
    moveCard(doc, c, 'keep', 0)
    expect(texts(doc).keep).toEqual(['c', 'a', 'b'])
    moveCard(doc, a, 'start', 0)
    expect(texts(doc)).toEqual({ keep: ['c', 'b'], stop: [], start: ['a'] })
    moveCard(doc, c, 'keep', 1)
    expect(texts(doc).keep).toEqual(['b', 'c'])
  })

  it('edits and removes cards', () => {
    const doc = createBoardDoc()
    const id = addCard(doc, { text: 'Weekly date', column: 'start' })
    updateCardText(doc, id, 'Weekly date night')
    expect(texts(doc).start).toEqual(['Weekly date night'])
    removeCard(doc, id)
    expect(texts(doc).start).toEqual([])
  })

  it('can still place a card between two cards that got the same position concurrently', () => {
    const one = createBoardDoc()
    const two = createBoardDoc()
    addCard(one, { text: 'first', column: 'keep' })
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    // Both append at the same moment: same neighbours, so the same fractional key.
    addCard(one, { text: 'x', column: 'keep' })
    addCard(two, { text: 'y', column: 'keep' })
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    const [, left, right] = selectColumns(one).keep
    expect(left?.position).toBe(right?.position)
    const mover = addCard(one, { text: 'mover', column: 'stop' })
    moveCard(one, mover, 'keep', 2)
    const keep = texts(one).keep
    expect(keep).toHaveLength(4)
    expect(keep[0]).toBe('first')
    expect(keep.indexOf('mover')).toBeGreaterThan(0)
  })

  it('keeps each partner’s own effort and impact ratings, and takes one back with null', () => {
    const doc = createBoardDoc()
    const id = addCard(doc, { text: 'Ten minutes of breathing at 6 pm', column: 'start' })
    expect(selectColumns(doc).start[0]?.ratings).toEqual({
      partnerA: { effort: null, impact: null },
      partnerB: { effort: null, impact: null },
    })
    rateCard(doc, id, 'partnerA', 'effort', 3)
    rateCard(doc, id, 'partnerA', 'impact', 8)
    rateCard(doc, id, 'partnerB', 'effort', 5)
    expect(selectColumns(doc).start[0]?.ratings).toEqual({
      partnerA: { effort: 3, impact: 8 },
      partnerB: { effort: 5, impact: null },
    })
    // Out of range or not whole: not written.
    rateCard(doc, id, 'partnerB', 'impact', 11)
    rateCard(doc, id, 'partnerB', 'impact', 2.5)
    rateCard(doc, id, 'partnerB', 'impact', -1)
    expect(selectColumns(doc).start[0]?.ratings.partnerB.impact).toBeNull()
    rateCard(doc, id, 'partnerA', 'effort', null)
    expect(selectColumns(doc).start[0]?.ratings.partnerA).toEqual({ effort: null, impact: 8 })
    // Stored under the partner-owned keys the server checks.
    const record = doc.getMap('cards').get(id) as Y.Map<unknown>
    expect([...record.keys()].filter((key) => key.startsWith('rating.')).sort()).toEqual([
      'rating.partnerA.impact',
      'rating.partnerB.effort',
    ])
  })

  it('merges both partners rating at the same moment', () => {
    const one = createBoardDoc()
    const id = addCard(one, { text: 'Phones away at dinner', column: 'keep' })
    const two = createBoardDoc()
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    rateCard(one, id, 'partnerA', 'impact', 9)
    rateCard(two, id, 'partnerB', 'impact', 4)
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two))
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one))
    for (const doc of [one, two]) {
      expect(selectColumns(doc).keep[0]?.ratings).toEqual({
        partnerA: { effort: null, impact: 9 },
        partnerB: { effort: null, impact: 4 },
      })
    }
  })

  it('has an owner, and an author once the server stamped it', () => {
    const doc = createBoardDoc()
    const id = addCard(doc, { text: 'Saturday walk', column: 'start' })
    expect(selectColumns(doc).start[0]).toMatchObject({ owner: '', group: '', author: null })
    setCardOwner(doc, id, 'both')
    expect(selectColumns(doc).start[0]?.owner).toBe('both')
    setCardOwner(doc, id, 'partnerB')
    setCardOwner(doc, id, 'someone' as never)
    expect(selectColumns(doc).start[0]?.owner).toBe('partnerB')
    stampRecord(doc, { root: 'cards', recordId: id }, { id: 'person_maya', role: 'partnerA' }, true)
    expect(selectColumns(doc).start[0]?.author).toEqual({ id: 'person_maya', role: 'partnerA' })
  })

  it('shows cards of one group together, where the group’s first card is', () => {
    const doc = createBoardDoc()
    const a = addCard(doc, { text: 'a', column: 'keep' })
    const b = addCard(doc, { text: 'b', column: 'keep' })
    const c = addCard(doc, { text: 'c', column: 'keep' })
    const d = addCard(doc, { text: 'd', column: 'keep' })
    setCardGroup(doc, b, 'Evenings')
    setCardGroup(doc, d, 'Evenings')
    expect(texts(doc).keep).toEqual(['a', 'b', 'd', 'c'])
    expect(selectColumns(doc).keep.map((card) => card.group)).toEqual(['', 'Evenings', 'Evenings', ''])
    setCardGroup(doc, a, ' Evenings ')
    expect(texts(doc).keep).toEqual(['a', 'b', 'd', 'c'])
    setCardGroup(doc, a, '')
    setCardGroup(doc, c, 'Mornings')
    expect(texts(doc).keep).toEqual(['a', 'b', 'd', 'c'])
    // The group in another column is another group.
    moveCard(doc, d, 'stop', 0)
    expect(texts(doc)).toEqual({ keep: ['a', 'b', 'c'], stop: ['d'], start: [] })
  })

  it('moves cards to the place they show at, keeping a group together', () => {
    const doc = createBoardDoc()
    const a = addCard(doc, { text: 'a', column: 'keep' })
    const b = addCard(doc, { text: 'b', column: 'keep' })
    const c = addCard(doc, { text: 'c', column: 'keep' })
    const d = addCard(doc, { text: 'd', column: 'keep' })
    const e = addCard(doc, { text: 'e', column: 'keep' })
    setCardGroup(doc, b, 'Evenings')
    setCardGroup(doc, d, 'Evenings')
    // Shown: a, [b, d], c, e
    expect(texts(doc).keep).toEqual(['a', 'b', 'd', 'c', 'e'])
    // Down inside the group.
    moveCard(doc, b, 'keep', 2)
    expect(texts(doc).keep).toEqual(['a', 'd', 'b', 'c', 'e'])
    // A card on its own, up past the whole group: lands before it.
    moveCard(doc, c, 'keep', 1)
    expect(texts(doc).keep).toEqual(['a', 'c', 'd', 'b', 'e'])
    // Dropped inside a group it is not part of: it goes just after that group.
    moveCard(doc, a, 'keep', 2)
    expect(texts(doc).keep).toEqual(['c', 'd', 'b', 'a', 'e'])
    // A grouped card moved to the top takes its group with it: it leads the group there.
    moveCard(doc, b, 'keep', 0)
    expect(texts(doc).keep).toEqual(['b', 'd', 'c', 'a', 'e'])
    // Moved past the end, a grouped card stays the last of its group.
    moveCard(doc, d, 'keep', 4)
    expect(texts(doc).keep).toEqual(['b', 'd', 'c', 'a', 'e'])
    // Every move lands at the index it asked for when nothing is in the way.
    moveCard(doc, e, 'keep', 0)
    expect(texts(doc).keep).toEqual(['e', 'b', 'd', 'c', 'a'])
  })
})
