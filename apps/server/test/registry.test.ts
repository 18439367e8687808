import type { WebSocket } from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger } from '../src/log.ts'
import type { DocumentStore } from '../src/store/types.ts'
import { Connection } from '../src/sync/connection.ts'
import { Extensions } from '../src/sync/extension.ts'
import { PersistQueue } from '../src/sync/persistence.ts'
import { DocumentRegistry } from '../src/sync/registry.ts'
import { createCleanup, waitFor } from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())
const quiet = createLogger('silent')

/** Just enough of a ws socket for a Connection that never receives frames. */
function idleSocket(): WebSocket {
  const socket = { readyState: 1, OPEN: 1, on: () => socket, send: () => {}, close: () => {} }
  return socket as unknown as WebSocket
}

function storeWithOneDocument() {
  const seed = new Y.Doc()
  seed.getMap('goals').set('g1', 'Talk for five minutes each')
  const counts = { loads: 0, compactions: 0 }
  const store: DocumentStore = {
    load: async () => {
      counts.loads++
      // A slow disk: both first connections arrive while the load is still running.
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { snapshot: Y.encodeStateAsUpdate(seed), updates: [], headSeq: 7, owners: [] }
    },
    append: async (batch) => batch.map((_, index) => 8 + index),
    since: async () => ({ snapshot: null, updates: [], owners: [] }),
    head: async () => 7,
    heads: async (names) => new Map(names.map((name) => [name, 7])),
    compact: async () => {
      counts.compactions++
      return 'done'
    },
    close: async () => {},
  }
  return { store, counts }
}

describe('the document registry', () => {
  it('loads a document once for concurrent first connections, and evicts it after the last one left', async () => {
    const { store, counts } = storeWithOneDocument()
    const registry = new DocumentRegistry({
      store,
      persistence: new PersistQueue(store, quiet),
      compaction: { everyUpdates: 500, everyMs: 60_000 },
      evictAfterMs: 50,
      log: quiet,
    })
    cleanup.add(() => registry.close())
    const first = new Connection(idleSocket(), 'session-a', { kind: 'anonymous' }, new Extensions([]), quiet)
    const second = new Connection(idleSocket(), 'session-a', { kind: 'anonymous' }, new Extensions([]), quiet)

    const [a, b] = await Promise.all([registry.join(first), registry.join(second)])
    expect(counts.loads).toBe(1)
    expect(a).toBe(b)
    expect(a?.doc.getMap('goals').get('g1')).toBe('Talk for five minutes each')
    expect(registry.connections).toBe(2)

    registry.leave(first)
    registry.leave(second)
    await waitFor(() => registry.documentsLoaded === 0, 'the eviction')
    // The loaded document (through seq 7) was folded into a snapshot on the way out.
    expect(counts.compactions).toBe(1)
    expect(a?.doc.isDestroyed).toBe(true)
  })
})
