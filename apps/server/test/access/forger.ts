import { DatabaseSync } from 'node:sqlite'
import { join } from 'node:path'
import * as encoding from 'lib0/encoding'
import { expect } from 'vitest'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { openSqliteStore } from '../../src/store/sqlite.ts'
import type { RunningServer } from '../../src/server.ts'
import type { Client } from '../helpers.ts'
import { auditOf, boardName, withTimeout } from '../helpers.ts'
import type { RawPeer } from './rawPeer.ts'

/** The refusal sentences a person is shown (apps/server/src/extensions/refusals.ts). */
export const FOREIGN_CLIENT = 'That change was sent under another person’s name, so it was refused.'
export const CLOCK_GAP = 'That change skipped part of its own history, so it was refused; the board reloads.'

/**
 * An update as a forger builds it: a copy of `base` writing under `clientId`, optionally `skip` clocks
 * further on than the server knows of (written locally, never sent).
 */
export function forge(base: Y.Doc, clientId: number, change: (doc: Y.Doc) => void, skip = 0): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  // Only now: Yjs gives a doc a fresh client id when a remote update writes under its own.
  doc.clientID = clientId
  for (let i = 0; i < skip; i++) doc.getMap('scratch').set(`skipped-${i}`, i)
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  change(doc)
  doc.destroy()
  return Y.mergeUpdates(updates)
}

/** Sends exactly this update as one sync update frame. */
export function sendRaw(peer: RawPeer, update: Uint8Array): void {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  syncProtocol.writeUpdate(encoder, update)
  peer.ws.send(encoding.toUint8Array(encoder))
}

export async function expectRefusal(peer: RawPeer, code: string, message: string): Promise<void> {
  const closed = await withTimeout(peer.closed, 5_000, 'the forger to be closed')
  expect(closed.code).toBe(4403)
  expect(peer.refusals).toEqual([{ code, message }])
}

/** What the database holds for a document: its log rows and who owns which client id. */
export function storedRows(dataDir: string, id: string) {
  // A session's board is stored as its couple's document; notes and other names as they are.
  const document = boardName(dataDir, id)
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'), { readOnly: true })
  try {
    const updates = Number(
      db.prepare('SELECT count(*) AS n FROM updates WHERE session_id = ?').get(document)?.n,
    )
    const owners = db
      .prepare('SELECT client_id, owner FROM client_owners WHERE document = ? ORDER BY client_id')
      .all(document)
      .map((row) => ({ clientId: Number(row.client_id), owner: String(row.owner) }))
    return { updates, owners }
  } finally {
    db.close()
  }
}

/** As if the document had been stored before owners were kept. */
export function forgetOwners(dataDir: string, document: string): void {
  const db = new DatabaseSync(join(dataDir, 'board.sqlite'))
  try {
    db.prepare('DELETE FROM client_owners WHERE document = ?').run(document)
  } finally {
    db.close()
  }
}

/** Appends an update to a document's log behind the server's back, as an older server might have. */
export async function storeRaw(dataDir: string, document: string, update: Uint8Array): Promise<void> {
  const store = openSqliteStore({ dataDir })
  try {
    await store.append([{ documentId: document, update }])
  } finally {
    await store.close()
  }
}

export const refusalsIn = async (server: RunningServer, sessionId: string) =>
  (await auditOf(server).forSession(sessionId)).filter((entry) => entry.action === 'update_refused')

/** Collects every refusal close (4403) the clients see; honest clients must see none. */
export function watchRefusals(clients: readonly Client[]): number[] {
  const refused: number[] = []
  for (const { provider } of clients) {
    provider.on('connection-close', (event) => {
      if (event?.code === 4403) refused.push(event.code)
    })
  }
  return refused
}
