import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import {
  connectClient,
  createCleanup,
  getHealth,
  makeTempDir,
  startTestServer,
  waitFor,
  waitForDoc,
  waitSynced,
} from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

function storedRows(dataDir: string, sessionId: string): { snapshots: number; logRows: number } {
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'), { readOnly: true })
  try {
    const count = (sql: string) => Number((db.prepare(sql).get(sessionId) as { n: number }).n)
    return {
      snapshots: count('SELECT count(*) AS n FROM snapshots WHERE session_id = ?'),
      logRows: count('SELECT count(*) AS n FROM updates WHERE session_id = ?'),
    }
  } finally {
    db.close()
  }
}

describe('idle documents', () => {
  it('unloads a session after everyone left, compacted, and loads it whole again', async () => {
    const dataDir = await makeTempDir(cleanup)
    const server = await startTestServer(cleanup, { dataDir, evictAfterMs: 100 })
    const writer = connectClient(cleanup, server.url, 'session-evict')
    const witness = connectClient(cleanup, server.url, 'session-evict')
    await Promise.all([waitSynced(writer), waitSynced(witness)])
    for (let i = 0; i < 30; i++) writer.doc.getArray<number>('cards').push([i])
    writer.doc.getMap('meta').set('title', 'Session 4')
    await waitForDoc(
      witness.doc,
      () => witness.doc.getMap('meta').get('title') === 'Session 4',
      'the witness',
    )
    expect(await getHealth(server.url)).toMatchObject({ documentsLoaded: 1, connections: 2 })
    expect(storedRows(dataDir, 'session-evict').logRows).toBeGreaterThan(0)

    writer.provider.disconnect()
    witness.provider.disconnect()
    await waitFor(
      async () => (await getHealth(server.url)).documentsLoaded === 0,
      'the document to be evicted',
    )
    expect(await getHealth(server.url)).toMatchObject({ documentsLoaded: 0, connections: 0 })
    // Eviction compacted the log into one snapshot.
    expect(storedRows(dataDir, 'session-evict')).toEqual({ snapshots: 1, logRows: 0 })

    const returning = connectClient(cleanup, server.url, 'session-evict')
    await waitSynced(returning)
    expect(returning.doc.getArray('cards').toArray()).toEqual([...Array(30).keys()])
    expect(returning.doc.getMap('meta').get('title')).toBe('Session 4')
    expect(server.registry.isLoaded('session-evict')).toBe(true)
  })

  it('keeps a document loaded while someone reconnects within the grace period', async () => {
    const server = await startTestServer(cleanup, { evictAfterMs: 60_000 })
    const client = connectClient(cleanup, server.url, 'session-grace')
    await waitSynced(client)
    client.doc.getMap('m').set('k', 1)
    client.provider.disconnect()
    await waitFor(async () => (await getHealth(server.url)).connections === 0, 'the disconnect')
    expect(server.registry.isLoaded('session-grace')).toBe(true)
    client.provider.connect()
    await waitSynced(client)
    expect(await getHealth(server.url)).toMatchObject({ documentsLoaded: 1, connections: 1 })
  })
})
