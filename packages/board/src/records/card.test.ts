import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createBoardDoc } from '../doc.ts'
import { addCard, moveCard, removeCard, selectColumns, updateCardText } from './card.ts'

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
})
