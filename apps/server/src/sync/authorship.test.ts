import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createLogger } from '../log.ts'
import { Authorship, SERVER_OWNER } from './authorship.ts'

const quiet = createLogger('silent')

/** A server-side document with its authorship, and a way to store (apply) what was accepted. */
function serverSide(owners: Array<{ clientId: number; owner: string }> = []) {
  const doc = new Y.Doc()
  const authorship = new Authorship('doc', doc, owners, quiet)
  /** Accepted updates go into the document at once; their claims are on record once stored. */
  const accept = (update: Uint8Array, stored = true) => {
    const claims = authorship.accept(update)
    Y.applyUpdate(doc, update)
    if (stored) authorship.stored(claims)
    return claims
  }
  return { doc, authorship, accept }
}

/** A writer whose every transaction is kept as its own update. */
function writer(clientId: number) {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  return { doc, updates }
}

/** A tiny deterministic generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

describe('authorship', () => {
  it('lets a person claim a new client id, and keeps everyone else out of it while it waits for storage', () => {
    const { authorship, accept } = serverSide()
    const ari = writer(7)
    ari.doc.getMap('goals').set('a', 1)
    const first = ari.updates[0] as Uint8Array
    expect(authorship.check('ari', first)).toEqual({ ok: true, fresh: true })
    expect(accept(first, false)).toEqual([{ clientId: 7, owner: 'ari' }])

    ari.doc.getMap('goals').set('b', 2)
    const second = ari.updates[1] as Uint8Array
    expect(authorship.check('bo', second)).toEqual({ ok: false, problem: 'foreign_client', detail: 'owned' })
    expect(authorship.check('ari', second)).toEqual({ ok: true, fresh: true })
    // Not on record yet: the next update repeats the claim; once stored it does not.
    expect(accept(second, false)).toEqual([{ clientId: 7, owner: 'ari' }])
    authorship.stored([{ clientId: 7, owner: 'ari' }])
    ari.doc.getMap('goals').set('c', 3)
    expect(authorship.check('ari', ari.updates[2] as Uint8Array)).toEqual({ ok: true, fresh: true })
    expect(authorship.accept(ari.updates[2] as Uint8Array)).toEqual([])
  })

  it('calls an update fresh only if all of it is new and follows on what the document has', () => {
    const { doc, authorship, accept } = serverSide()
    const ari = writer(7)
    ari.doc.getMap('goals').set('a', 1)
    ari.doc.getMap('goals').set('b', 2)
    const [first, second] = ari.updates as [Uint8Array, Uint8Array]
    accept(first)
    // Both updates at once (a reconnecting client's sync step 2 may repeat what the server has).
    const both = Y.mergeUpdates([first, second])
    expect(authorship.check('ari', both)).toEqual({ ok: true, fresh: false })
    expect(authorship.check('ari', first)).toEqual({ ok: true, fresh: false })
    expect(authorship.check('ari', second)).toEqual({ ok: true, fresh: true })
    // A deletion alone adds no struct: it may change nothing, so it is not its own row either.
    ari.doc.getMap('goals').delete('a')
    const deletion = ari.updates[2] as Uint8Array
    accept(second)
    expect(authorship.check('ari', deletion)).toEqual({ ok: true, fresh: false })
    expect(doc.getMap('goals').toJSON()).toEqual({ a: 1, b: 2 })
  })

  it('reserves the server’s client id, and refuses anyone sending as the server', () => {
    const { doc, authorship } = serverSide([{ clientId: 5, owner: 'ari' }])
    const forger = writer(doc.clientID)
    forger.doc.getMap('goals').set('a', 1)
    expect(authorship.check('ari', forger.updates[0] as Uint8Array)).toMatchObject({ detail: 'server' })
    const fresh = writer(9)
    fresh.doc.getMap('goals').set('a', 1)
    expect(authorship.check(SERVER_OWNER, fresh.updates[0] as Uint8Array)).toMatchObject({
      problem: 'foreign_client',
    })
    expect(authorship.serverClaims()).toEqual([{ clientId: doc.clientID, owner: SERVER_OWNER }])
  })

  it('refuses a client that appears in two groups of one update (Yjs would keep only the last)', () => {
    const { doc, authorship } = serverSide()
    const ari = writer(7)
    ari.doc.getMap('goals').set('a', 1)
    ari.doc.getMap('goals').set('b', 2)
    const [first, second] = ari.updates.map((update) => Y.decodeUpdate(update).structs) as [
      Y.Item[],
      Y.Item[],
    ]
    const twoGroups = encodeGroups([first, second])
    expect(authorship.check('ari', twoGroups)).toMatchObject({
      problem: 'clock_gap',
      detail: 'repeated_client',
    })
    // Why: Yjs itself leaves the second group pending, the first being dropped.
    Y.applyUpdate(doc, twoGroups)
    expect(doc.store.pendingStructs).not.toBeNull()
  })

  it('refuses a deletion of content the server does not have', () => {
    const { authorship } = serverSide()
    const ari = writer(7)
    ari.doc.getMap('goals').set('a', 1)
    ari.doc.getMap('goals').set('a', 2)
    const deletion = Y.encodeStateAsUpdate(ari.doc, Y.encodeStateVector(ari.doc))
    expect(authorship.check('ari', deletion)).toMatchObject({ detail: 'unknown_deletion' })
  })

  it('accepts exactly what Yjs can apply in full, whatever subset of two writers’ updates arrives', () => {
    const next = random(42)
    for (let round = 0; round < 150; round++) {
      const { doc, authorship, accept } = serverSide()
      const ari = writer(100 + round)
      const bo = writer(200 + round)
      for (let i = 0; i < 12; i++) {
        const author = next() < 0.5 ? ari : bo
        const other = author === ari ? bo : ari
        const text = author.doc.getText('notes')
        if (text.length > 0 && next() < 0.3) text.delete(Math.floor(next() * text.length), 1)
        else text.insert(Math.floor(next() * (text.length + 1)), String.fromCharCode(97 + i))
        // Sometimes they sync, so their updates refer to each other's content.
        if (next() < 0.5) Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(author.doc))
      }
      // The server has part of each, stored or still waiting for storage (in the document either
      // way); the rest arrives as a random merge.
      for (const { updates } of [ari, bo]) {
        for (const update of updates.slice(0, Math.floor(next() * updates.length))) {
          if (authorship.check('x', update).ok) accept(update, next() < 0.5)
        }
      }
      const rest = [...ari.updates, ...bo.updates].filter(() => next() < 0.6)
      if (rest.length === 0) continue
      const candidate = Y.mergeUpdates(rest)
      const verdict = authorship.check('x', candidate)
      const trial = new Y.Doc()
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(doc))
      Y.applyUpdate(trial, candidate)
      const appliesInFull = trial.store.pendingStructs === null && trial.store.pendingDs === null
      expect({ round, ok: verdict.ok }).toEqual({ round, ok: appliesInFull })
    }
  })
})

/** Writes each list of one client's structs as its own group (an encoder Yjs never uses for one client). */
function encodeGroups(groups: Y.Item[][]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1()
  encoding.writeVarUint(encoder.restEncoder, groups.length)
  for (const group of groups) {
    const first = group[0] as Y.Item
    encoding.writeVarUint(encoder.restEncoder, group.length)
    encoder.writeClient(first.id.client)
    encoding.writeVarUint(encoder.restEncoder, first.id.clock)
    for (const item of group) item.write(encoder, 0)
  }
  encoding.writeVarUint(encoder.restEncoder, 0) // an empty delete set
  return encoder.toUint8Array()
}
