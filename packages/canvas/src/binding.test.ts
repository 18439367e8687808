// @vitest-environment jsdom
import { LOCAL_ORIGIN } from '@session-board/board'
import { createShapeId, createTLStore, toRichText } from '@tldraw/tldraw'
import type { Editor } from '@tldraw/tldraw'
import type { TLArrowBinding, TLGeoShape, TLRecord, TLShapeId } from '@tldraw/tldraw'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { canvasMap, encodeRecord } from './layout.ts'
import { bindCanvas } from './binding.ts'
import { createTestEditor, testPeers } from './testEditors.ts'
import type { TestPeer } from './testEditors.ts'
import { GOAL_CARD, STEPPING_STONES, createCanvasSchema } from './shapes.ts'
import type { GoalCardShape, SteppingStonesShape } from './shapes.ts'

const peers = testPeers()
const createPeer = (doc = new Y.Doc()) => peers.createPeer(doc)
const createEditor = createTestEditor
type Peer = TestPeer

/** Two peers whose documents exchange updates, as through the server; delivery can be held back. */
function createPair() {
  const a = createPeer()
  const b = createPeer()
  let held = false
  const queue: [Y.Doc, Uint8Array][] = []
  const send = (to: Y.Doc) => (update: Uint8Array, origin: unknown) => {
    if (origin === 'remote') return
    if (held) queue.push([to, update])
    else Y.applyUpdate(to, update, 'remote')
  }
  a.doc.on('update', send(b.doc))
  b.doc.on('update', send(a.doc))
  return {
    a,
    b,
    hold() {
      held = true
    },
    release() {
      held = false
      for (const [to, update] of queue.splice(0)) Y.applyUpdate(to, update, 'remote')
    },
  }
}

function canvasRecords(editor: Editor) {
  return editor.store
    .allRecords()
    .filter((record) => record.typeName === 'shape' || record.typeName === 'binding')
    .sort((x, y) => x.id.localeCompare(y.id))
}

async function converged(a: Peer, b: Peer) {
  await vi.waitFor(() => {
    expect(canvasRecords(b.editor)).toEqual(canvasRecords(a.editor))
    expect(canvasMap(a.doc).toJSON()).toEqual(canvasMap(b.doc).toJSON())
  })
}

function createGeo(editor: Editor, id: TLShapeId, x = 0, y = 0) {
  editor.createShape<TLGeoShape>({
    id,
    type: 'geo',
    x,
    y,
    props: { w: 100, h: 80, richText: toRichText('') },
  })
}

describe('bindCanvas between two editors', () => {
  it('creates shapes on the other side, stored as one flat Y.Map per record', async () => {
    const { a, b } = createPair()
    const id = createShapeId('box')
    createGeo(a.editor, id, 40, 60)
    await converged(a, b)
    expect(b.editor.getShape(id)).toMatchObject({ x: 40, y: 60, props: { w: 100, h: 80 } })
    const fields = canvasMap(b.doc).get(id)
    expect(fields).toBeInstanceOf(Y.Map)
    const values = [...(fields as Y.Map<unknown>).values()]
    expect(values.some((value) => value instanceof Y.AbstractType)).toBe(false)
    expect((fields as Y.Map<unknown>).get('props.w')).toBe(100)
  })

  it('moves, resizes and deletes', async () => {
    const { a, b } = createPair()
    const id = createShapeId('box')
    createGeo(a.editor, id)
    await converged(a, b)

    a.editor.updateShape({ id, type: 'geo', x: 200, y: -50 })
    await converged(a, b)
    expect(b.editor.getShape(id)).toMatchObject({ x: 200, y: -50 })

    b.editor.resizeShape(id, { x: 2, y: 1.5 })
    await converged(a, b)
    expect(a.editor.getShape<TLGeoShape>(id)!.props).toMatchObject({ w: 200, h: 120 })

    a.editor.deleteShapes([id])
    await converged(a, b)
    expect(b.editor.getShape(id)).toBeUndefined()
    expect(canvasMap(b.doc).size).toBe(0)
  })

  it('edits the rich text of geo and note shapes', async () => {
    const { a, b } = createPair()
    const geo = createShapeId('geo')
    const note = createShapeId('note')
    createGeo(a.editor, geo)
    a.editor.createShape({ id: note, type: 'note', x: 300, y: 0, props: { richText: toRichText('first') } })
    await converged(a, b)

    b.editor.updateShape({ id: geo, type: 'geo', props: { richText: toRichText('We argue less') } })
    a.editor.updateShape({ id: note, type: 'note', props: { richText: toRichText('Walk on Sundays') } })
    await converged(a, b)
    expect(a.editor.getShape(geo)!.props).toMatchObject({ richText: toRichText('We argue less') })
    expect(b.editor.getShape(note)!.props).toMatchObject({ richText: toRichText('Walk on Sundays') })
  })

  it('syncs the custom goal-card shape', async () => {
    const { a, b } = createPair()
    const id = createShapeId('card')
    a.editor.createShape<GoalCardShape>({ id, type: GOAL_CARD, x: 10, y: 10, props: { goalId: 'goal:1' } })
    await converged(a, b)
    expect(b.editor.getShape(id)).toMatchObject({
      type: GOAL_CARD,
      props: { w: 300, h: 380, goalId: 'goal:1' },
    })

    b.editor.updateShape<GoalCardShape>({ id, type: GOAL_CARD, props: { h: 420 } })
    await converged(a, b)
    expect(a.editor.getShape<GoalCardShape>(id)!.props.h).toBe(420)
  })

  it('syncs an arrow bound to two shapes', async () => {
    const { a, b } = createPair()
    const from = createShapeId('from')
    const to = createShapeId('to')
    const arrow = createShapeId('arrow')
    createGeo(a.editor, from, 0, 0)
    createGeo(a.editor, to, 400, 0)
    a.editor.createShape({ id: arrow, type: 'arrow', x: 100, y: 40, props: { end: { x: 300, y: 0 } } })
    a.editor.createBindings<TLArrowBinding>(
      (['start', 'end'] as const).map((terminal) => ({
        type: 'arrow',
        fromId: arrow,
        toId: terminal === 'start' ? from : to,
        props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
      })),
    )
    await converged(a, b)
    const bindings = b.editor.getBindingsFromShape<TLArrowBinding>(arrow, 'arrow')
    expect(bindings.map((binding) => [binding.props.terminal, binding.toId]).sort()).toEqual([
      ['end', to],
      ['start', from],
    ])

    // Deleting a bound shape removes its binding on both sides.
    b.editor.deleteShapes([to])
    await converged(a, b)
    expect(a.editor.getBindingsFromShape(arrow, 'arrow')).toHaveLength(1)
  })

  it('keeps both edits when one person moves a shape while the other resizes it', async () => {
    const pair = createPair()
    const { a, b } = pair
    const id = createShapeId('box')
    createGeo(a.editor, id)
    await converged(a, b)

    pair.hold()
    a.editor.updateShape({ id, type: 'geo', x: 500, y: 250 })
    b.editor.updateShape<TLGeoShape>({ id, type: 'geo', props: { w: 320, h: 240 } })
    await vi.waitFor(() => {
      expect(canvasMap(a.doc).get(id)).toBeInstanceOf(Y.Map)
      expect((canvasMap(a.doc).get(id) as Y.Map<unknown>).get('x')).toBe(500)
      expect((canvasMap(b.doc).get(id) as Y.Map<unknown>).get('props.w')).toBe(320)
    })
    pair.release()
    await converged(a, b)
    for (const peer of [a, b]) {
      expect(peer.editor.getShape<TLGeoShape>(id)).toMatchObject({
        x: 500,
        y: 250,
        props: { w: 320, h: 240 },
      })
    }
  })

  it('settles on one position when both move the same shape at once', async () => {
    const pair = createPair()
    const { a, b } = pair
    const id = createShapeId('box')
    createGeo(a.editor, id)
    await converged(a, b)

    pair.hold()
    a.editor.updateShape({ id, type: 'geo', x: 100, y: 100 })
    b.editor.updateShape({ id, type: 'geo', x: -100, y: -300 })
    await vi.waitFor(() => {
      expect((canvasMap(a.doc).get(id) as Y.Map<unknown>).get('x')).toBe(100)
      expect((canvasMap(b.doc).get(id) as Y.Map<unknown>).get('x')).toBe(-100)
    })
    pair.release()
    await converged(a, b)
    const { x, y } = a.editor.getShape(id)!
    expect([
      [100, 100],
      [-100, -300],
    ]).toContainEqual([x, y])
  })

  it('applies a local edit made before a remote one arrives, in the order the document has them', async () => {
    const { a, b } = createPair()
    const id = createShapeId('box')
    createGeo(a.editor, id)
    await converged(a, b)

    // B's move is still waiting for the next frame when A's move of the same shape reaches B's document.
    b.editor.updateShape({ id, type: 'geo', x: 7 })
    a.editor.updateShape({ id, type: 'geo', x: 9 })
    await converged(a, b)
    expect((canvasMap(a.doc).get(id) as Y.Map<unknown>).get('x')).toBe(a.editor.getShape(id)!.x)
  })

  it('skips and reports an invalid remote record, and keeps syncing the valid ones', async () => {
    const { a, b } = createPair()
    const template = createShapeId('template')
    createGeo(a.editor, template)
    await converged(a, b)
    const bad = createShapeId('bad')
    a.doc.transact(() => {
      const fields = { ...encodeRecord(a.editor.getShape(template)!), id: bad, x: 'left' }
      canvasMap(a.doc).set(bad, new Y.Map(Object.entries(fields)))
    }, 'server')
    await vi.waitFor(() => expect(b.invalid).toEqual([bad]))
    expect(a.invalid).toEqual([bad])
    expect(b.binding.refusedIds()).toEqual([bad])
    expect(b.editor.getShape(bad)).toBeUndefined()

    const good = createShapeId('good')
    createGeo(a.editor, good)
    await vi.waitFor(() => expect(b.editor.getShape(good)).toBeDefined())

    // Once the record is fixed it is taken in.
    a.doc.transact(() => (canvasMap(a.doc).get(bad) as Y.Map<unknown>).set('x', 70), 'server')
    await vi.waitFor(() => expect(b.editor.getShape(bad)).toMatchObject({ x: 70 }))
    expect(b.binding.refusedIds()).toEqual([])
  })

  it('keeps the last valid version of a record until the document fixes it', async () => {
    const { a, b } = createPair()
    const id = createShapeId('box')
    createGeo(a.editor, id, 20)
    await converged(a, b)
    a.doc.transact(() => (canvasMap(a.doc).get(id) as Y.Map<unknown>).set('props.w', -5), 'server')
    await vi.waitFor(() => expect(b.invalid).toEqual([id]))
    expect(b.editor.getShape<TLGeoShape>(id)!.props.w).toBe(100)

    // While the record is invalid, edits to its other fields wait with it.
    b.editor.updateShape({ id, type: 'geo', x: 60 })
    await vi.waitFor(() => expect(a.invalid).toEqual([id, id]))
    expect(a.editor.getShape(id)!.x).toBe(20)

    a.editor.updateShape<TLGeoShape>({ id, type: 'geo', props: { w: 140 } })
    await converged(a, b)
    expect(b.editor.getShape<TLGeoShape>(id)).toMatchObject({ x: 60, props: { w: 140 } })
    expect(b.binding.refusedIds()).toEqual([])
  })

  it('ignores the server stamps on a record', async () => {
    const { a, b } = createPair()
    const id = createShapeId('box')
    createGeo(a.editor, id)
    await converged(a, b)
    a.doc.transact(() => {
      const fields = canvasMap(a.doc).get(id) as Y.Map<unknown>
      fields.set('updatedBy', 'user:therapist')
      fields.set('x', 33)
    }, 'server')
    await vi.waitFor(() => expect(b.editor.getShape(id)!.x).toBe(33))
    expect(b.invalid).toEqual([])
  })

  it('brings a deleted shape back when the Y.UndoManager undoes the delete', async () => {
    const { a, b } = createPair()
    const undo = new Y.UndoManager(canvasMap(a.doc), { trackedOrigins: new Set([LOCAL_ORIGIN]) })
    const id = createShapeId('box')
    createGeo(a.editor, id, 12, 34)
    await converged(a, b)
    undo.stopCapturing()

    a.editor.deleteShapes([id])
    await vi.waitFor(() => expect(canvasMap(a.doc).has(id)).toBe(false))
    undo.undo()
    expect(a.editor.getShape(id)).toMatchObject({ x: 12, y: 34 })
    await converged(a, b)
    expect(b.editor.getShape(id)).toMatchObject({ x: 12, y: 34 })
  })

  it('applies other local-origin writes to the document, like a board mutation removing shapes', async () => {
    const { a, b } = createPair()
    const id = createShapeId('card')
    a.editor.createShape<GoalCardShape>({ id, type: GOAL_CARD, x: 0, y: 0, props: { goalId: 'goal:1' } })
    await converged(a, b)
    a.doc.transact(() => canvasMap(a.doc).delete(id), LOCAL_ORIGIN)
    expect(a.editor.getShape(id)).toBeUndefined()
    await converged(a, b)
  })

  it('writes each local change as one transaction with the local origin', async () => {
    const { a } = createPair()
    let transactions = 0
    a.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) transactions++
    })
    a.editor.createShapes(
      [0, 1, 2].map((n) => ({
        id: createShapeId(`s${n}`),
        type: 'geo',
        x: n * 150,
        y: 0,
        props: { w: 100, h: 80 },
      })),
    )
    await vi.waitFor(() => expect(canvasMap(a.doc).size).toBe(3))
    expect(transactions).toBe(1)

    a.editor.selectAll()
    a.editor.nudgeShapes(a.editor.getSelectedShapeIds(), { x: 10, y: 0 })
    await vi.waitFor(() =>
      expect((canvasMap(a.doc).get(createShapeId('s2')) as Y.Map<unknown>).get('x')).toBe(310),
    )
    expect(transactions).toBe(2)
  })

  it('syncs only shapes and bindings, never pages, camera or selection', async () => {
    const { a } = createPair()
    createGeo(a.editor, createShapeId('box'))
    a.editor.selectAll()
    a.editor.setCamera({ x: 50, y: 50, z: 2 })
    a.editor.updateDocumentSettings({ name: 'Session 3' })
    await vi.waitFor(() => expect(canvasMap(a.doc).size).toBe(1))
    expect([...canvasMap(a.doc).keys()]).toEqual([createShapeId('box')])
  })
})

describe('bindCanvas on bind and dispose', () => {
  it('loads the document into the store and drops shapes the document does not have', () => {
    const source = createPeer()
    const kept = createShapeId('kept')
    const doc = new Y.Doc()
    doc.transact(() => {
      source.editor.createShape({ id: kept, type: 'geo', x: 5, y: 5 })
      canvasMap(doc).set(kept, new Y.Map(Object.entries(encodeRecord(source.editor.getShape(kept)!))))
    })

    const editor = createEditor()
    peers.afterTest(() => editor.dispose())
    const stray = createShapeId('stray')
    createGeo(editor, stray)
    const binding = bindCanvas(editor.store, doc)
    peers.afterTest(() => binding.dispose())
    expect(editor.getShape(kept)).toMatchObject({ x: 5, y: 5 })
    expect(editor.getShape(stray)).toBeUndefined()
    expect(canvasMap(doc).has(stray)).toBe(false)
  })

  it('writes pending local changes on dispose, then stops syncing both ways', async () => {
    const doc = new Y.Doc()
    const editor = createEditor()
    peers.afterTest(() => editor.dispose())
    const binding = bindCanvas(editor.store, doc)
    const id = createShapeId('box')
    createGeo(editor, id)
    // tldraw hands the change to its listeners on the next animation frame: it is still pending here.
    expect(canvasMap(doc).has(id)).toBe(false)
    binding.dispose()
    expect(canvasMap(doc).has(id)).toBe(true)

    editor.updateShape({ id, type: 'geo', x: 999 })
    doc.transact(() => (canvasMap(doc).get(id) as Y.Map<unknown>).set('y', 999), 'remote')
    await new Promise((resolve) => requestAnimationFrame(resolve))
    expect((canvasMap(doc).get(id) as Y.Map<unknown>).get('x')).toBe(0)
    expect(editor.getShape(id)!.y).toBe(0)
  })

  it('binds a store without an editor, built on the canvas schema', async () => {
    const doc = new Y.Doc()
    const writer = createTLStore({ schema: createCanvasSchema() })
    const reader = createTLStore({ schema: createCanvasSchema() })
    const bindings = [bindCanvas(writer, doc), bindCanvas(reader, doc)]
    peers.afterTest(() => bindings.forEach((binding) => binding.dispose()))
    const stones = {
      id: createShapeId('stones'),
      typeName: 'shape',
      type: STEPPING_STONES,
      x: 0,
      y: 0,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      props: { w: 560, h: 240, goalId: 'goal:1' },
      meta: {},
    } as SteppingStonesShape
    writer.put([stones])
    await vi.waitFor(() => expect(reader.get(stones.id)).toEqual(stones))
  })

  it('refuses only the record whose store side effect throws', () => {
    const editor = createEditor()
    peers.afterTest(() => editor.dispose())
    editor.sideEffects.registerBeforeCreateHandler('shape', (shape) => {
      if (shape.meta['explode']) throw new Error('boom')
      return shape
    })
    const doc = new Y.Doc()
    const template = createEditor()
    peers.afterTest(() => template.dispose())
    const ok = createShapeId('ok')
    const explodes = createShapeId('explodes')
    createGeo(template, ok)
    createGeo(template, explodes)
    template.updateShape({ id: explodes, type: 'geo', meta: { explode: true } })
    for (const id of [ok, explodes]) {
      canvasMap(doc).set(id, new Y.Map(Object.entries(encodeRecord(template.getShape(id)!))))
    }
    const refused: string[] = []
    const binding = bindCanvas(editor.store, doc, { onInvalidRecord: (id) => refused.push(id) })
    peers.afterTest(() => binding.dispose())
    expect(refused).toEqual([explodes])
    expect(editor.getShape(ok)).toBeDefined()
    expect(editor.getShape(explodes)).toBeUndefined()
    expect(editor.store.allRecords().filter((record: TLRecord) => record.typeName === 'shape')).toHaveLength(
      1,
    )
  })
})
