import { addGoal, updateGoal } from '@session-board/board'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changesOf } from '../src/sync/changes.ts'

/** A server document and a client that synced it, with the client's updates captured one by one. */
function serverAndClient() {
  const server = new Y.Doc()
  const client = new Y.Doc()
  const sent: Uint8Array[] = []
  client.on('update', (update: Uint8Array) => sent.push(update))
  return { server, client, sent }
}

describe('working out what an update changes', () => {
  it('places an edit on a field overwritten hundreds of times within one update', () => {
    const { server, client, sent } = serverAndClient()
    const goalId = addGoal(client, { title: 'Walk after dinner' })
    Y.applyUpdate(server, sent.splice(0)[0]!)
    // Each overwrite's neighbour is the one before it, in the same update: a chain of 300.
    for (let i = 0; i < 300; i++) updateGoal(client, goalId, { specific: `draft ${i}` })
    updateGoal(client, goalId, { specific: 'Monday, Wednesday and Friday at 7 pm' })
    const latest = Y.mergeUpdates(sent.splice(0))

    const report = changesOf(server, latest, { contentUnder: [] })
    expect(report.ok).toBe(true)
    if (!report.ok) return
    expect(report.changes).toContainEqual({
      path: { root: 'goals', keys: [goalId, 'specific'] },
      kind: 'insert',
    })
    expect(report.changes.every((change) => change.path.keys[0] === goalId)).toBe(true)
  })

  it('still refuses an update whose neighbour the server has never seen', () => {
    const { server, client, sent } = serverAndClient()
    const goalId = addGoal(client, { title: 'Walk after dinner' })
    Y.applyUpdate(server, sent.splice(0)[0]!)
    updateGoal(client, goalId, { specific: 'first' })
    sent.splice(0) // never reaches the server
    updateGoal(client, goalId, { specific: 'second' })
    const report = changesOf(server, sent.splice(0)[0]!)
    expect(report).toMatchObject({ ok: false, problem: 'unresolved_parent' })
  })

  it('says what a map-key insert writes, for the roots asked about only', () => {
    const { server, client, sent } = serverAndClient()
    client.transact(() => {
      const shape = new Y.Map<unknown>()
      client.getMap('canvas').set('shape:a', shape)
      shape.set('x', 12)
      shape.set('props.richText', { type: 'doc' })
      shape.set('props.text', new Y.Text('nested'))
      shape.set('props.map', new Y.Map())
      shape.set('props.data', new Uint8Array([1]))
    })
    addGoal(client, { title: 'Walk after dinner' })
    const update = Y.mergeUpdates(sent.splice(0))
    const report = changesOf(server, update, { contentUnder: ['canvas'] })
    expect(report.ok).toBe(true)
    if (!report.ok) return
    const under = (...keys: string[]) =>
      report.changes.find((change) => change.path.keys.join('/') === keys.join('/'))?.content
    expect(under('shape:a')).toEqual({ kind: 'map' })
    expect(under('shape:a', 'x')).toEqual({ kind: 'plain', value: 12 })
    expect(under('shape:a', 'props.richText')).toEqual({ kind: 'plain', value: { type: 'doc' } })
    expect(under('shape:a', 'props.text')).toEqual({ kind: 'type' })
    expect(under('shape:a', 'props.map')).toEqual({ kind: 'map' })
    expect(under('shape:a', 'props.data')).toEqual({ kind: 'opaque' })
    // Other roots carry no content when some are named; with none named, every root does.
    expect(
      report.changes.filter((change) => change.path.root === 'goals').every((c) => !('content' in c)),
    ).toBe(true)
    const all = changesOf(server, update)
    expect(all.ok && all.changes.some((c) => c.path.root === 'goals' && 'content' in c)).toBe(true)
  })

  it('reads a value overwritten within the same update as deleted: it writes nothing', () => {
    const { server, client, sent } = serverAndClient()
    client.transact(() => client.getMap('canvas').set('shape:a', new Y.Map<unknown>([['x', 1]])))
    Y.applyUpdate(server, sent.splice(0)[0]!)
    const shape = client.getMap('canvas').get('shape:a') as Y.Map<unknown>
    shape.set('x', 2)
    shape.set('x', 3)
    // Encoded afresh, as a reconnecting client's sync step 2 sends it: the overwritten value is gone.
    const update = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server))
    const report = changesOf(server, update, { contentUnder: ['canvas'] })
    expect(report.ok && report.changes.map((change) => [change.kind, change.content])).toEqual([
      ['insert', { kind: 'deleted' }],
      ['insert', { kind: 'plain', value: 3 }],
      ['delete', undefined],
      ['delete', undefined],
    ])
  })
})
