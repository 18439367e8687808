import type * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  connectClient,
  createCleanup,
  makeTempDir,
  spawnServer,
  waitForDoc,
  waitSynced,
  withTimeout,
} from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/** Records every map key this client learned from the server (remote transactions only). */
function recordRemoteKeys(client: { doc: Y.Doc; provider: object }, mapName: string): Set<string> {
  const seen = new Set<string>()
  client.doc.getMap(mapName).observe((event) => {
    if (event.transaction.origin !== client.provider) return
    for (const key of event.keysChanged) seen.add(key)
  })
  return seen
}

describe('durability across server processes', () => {
  it('keeps every edit when the server is stopped and a new process starts on the same data', async () => {
    const dataDir = await makeTempDir(cleanup)
    const first = await spawnServer(cleanup, { DATA_DIR: dataDir })
    const writer = connectClient(cleanup, first.url, 'session-restart')
    const witness = connectClient(cleanup, first.url, 'session-restart')
    await Promise.all([waitSynced(writer), waitSynced(witness)])
    for (let i = 0; i < 20; i++) writer.doc.getMap('goals').set(`goal-${i}`, `Goal ${i}`)
    writer.doc.getText('notes').insert(0, 'We agreed to pause when voices rise.')
    await waitForDoc(
      witness.doc,
      () => witness.doc.getText('notes').length > 0 && witness.doc.getMap('goals').size === 20,
      'the witness',
    )

    writer.provider.disconnect()
    witness.provider.disconnect()
    first.child.kill('SIGTERM')
    expect(await withTimeout(first.exited, 10_000, 'the server to stop')).toBe(0)

    const second = await spawnServer(cleanup, { DATA_DIR: dataDir })
    const fresh = connectClient(cleanup, second.url, 'session-restart')
    await waitSynced(fresh)
    await waitForDoc(fresh.doc, () => fresh.doc.getMap('goals').size === 20, 'the goals after restart')
    expect(fresh.doc.getText('notes').toString()).toBe('We agreed to pause when voices rise.')
    expect(fresh.doc.getMap('goals').toJSON()).toEqual(writer.doc.getMap('goals').toJSON())
  })

  it('keeps every edit any client received from the server when the server is killed with SIGKILL', async () => {
    const dataDir = await makeTempDir(cleanup)
    const server = await spawnServer(cleanup, { DATA_DIR: dataDir })
    const alice = connectClient(cleanup, server.url, 'session-kill')
    const bob = connectClient(cleanup, server.url, 'session-kill')
    await Promise.all([waitSynced(alice), waitSynced(bob)])
    const seenByAlice = recordRemoteKeys(alice, 'edits')
    const seenByBob = recordRemoteKeys(bob, 'edits')

    // Kill the server the instant the 1,000th edit has reached the other client.
    const exchanged = new Promise<void>((resolve) => {
      const check = () => {
        if (seenByAlice.size + seenByBob.size < 1_000) return
        server.child.kill('SIGKILL')
        resolve()
      }
      alice.doc.on('afterTransaction', check)
      bob.doc.on('afterTransaction', check)
    })
    for (let i = 0; i < 500; i++) {
      // One transaction per edit, interleaved between the two people, as typing would produce.
      alice.doc.getMap('edits').set(`alice-${i}`, i)
      bob.doc.getMap('edits').set(`bob-${i}`, i)
      if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve))
    }
    await withTimeout(exchanged, 30_000, '1,000 edits to be exchanged')
    await withTimeout(server.exited, 10_000, 'the killed server to exit')
    // Stop the clients before the restart so that nothing they hold can be re-sent to the new server.
    alice.provider.disconnect()
    bob.provider.disconnect()
    const received = [...seenByAlice, ...seenByBob]
    expect(received).toHaveLength(1_000)

    const restarted = await spawnServer(cleanup, { DATA_DIR: dataDir })
    const fresh = connectClient(cleanup, restarted.url, 'session-kill')
    await waitSynced(fresh)
    const restored = fresh.doc.getMap('edits')
    const missing = received.filter((key) => !restored.has(key))
    expect(missing).toEqual([])
  })
})
