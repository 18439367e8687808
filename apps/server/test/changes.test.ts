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
  it('places an edit on a field overwritten hundreds of times while storage lags behind', () => {
    const { server, client, sent } = serverAndClient()
    const goalId = addGoal(client, { title: 'Walk after dinner' })
    Y.applyUpdate(server, sent.splice(0)[0]!)
    // Each overwrite's neighbour is the one before it, still waiting to be stored: a chain of 300.
    for (let i = 0; i < 300; i++) updateGoal(client, goalId, { specific: `draft ${i}` })
    const waiting = sent.splice(0)
    updateGoal(client, goalId, { specific: 'Monday, Wednesday and Friday at 7 pm' })
    const [latest] = sent.splice(0)

    const report = changesOf(server, waiting, latest!)
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
    const report = changesOf(server, [], sent.splice(0)[0]!)
    expect(report).toMatchObject({ ok: false, problem: 'unresolved_parent' })
  })
})
