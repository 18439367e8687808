// Hostile frames at the protocol level: bytes that are no message, messages that are cut short or run
// on, types the server does not know, state vectors that lie, and presence (awareness) that lies.
import * as prng from 'lib0/prng'
import type { AwarenessEntry } from './craft.ts'
import {
  MESSAGE_QUERY_AWARENESS,
  SYNC_STEP1,
  SYNC_UPDATE,
  awarenessFrame,
  stateVector,
  syncFrame,
  updateFrame,
} from './craft.ts'
import type { Ctx, Made, Maker, Rng } from './draw.ts'
import { clientId, concat, int, logUniform, pick, someClient, someRecord, varUint } from './draw.ts'

/** The server's limit per frame (MAX_FRAME_BYTES in @session-board/protocol). */
const MAX_FRAME_BYTES = 1024 * 1024

/** A well-formed update frame, for `truncated` and `trailing-bytes` to damage. */
function wellFormedFrame(ctx: Ctx): Uint8Array {
  const goal = someRecord(ctx, 'goals')
  return updateFrame(ctx.view.edit(clientId(ctx.rng), (doc) => doc.getMap('goals').set(goal, 'x')))
}

export const randomBytes: Maker = ({ rng }) => ({
  kind: 'random-bytes',
  data: prng.uint8Array(rng, logUniform(rng, 1, 4096)),
})

export const truncated: Maker = (ctx) => ({
  kind: 'truncated',
  data: wellFormedFrame(ctx).slice(0, -int(ctx.rng, 1, 8)),
})

export const trailingBytes: Maker = (ctx) => ({
  kind: 'trailing-bytes',
  data: concat(wellFormedFrame(ctx), prng.uint8Array(ctx.rng, int(ctx.rng, 1, 16))),
})

/** 2 (auth) flows only from server to client; the rest the protocol does not have. */
export const unknownType: Maker = ({ rng }) => ({
  kind: 'unknown-type',
  data: concat(
    varUint(pick(rng, [2, 4, 5, 42, 127, 128, 2 ** 20, 2 ** 31])),
    prng.uint8Array(rng, int(rng, 0, 64)),
  ),
})

export const unknownSyncType: Maker = ({ rng }) => ({
  kind: 'unknown-sync-type',
  data: syncFrame(int(rng, 3, 300), prng.uint8Array(rng, int(rng, 0, 16))),
})

export const textFrame: Maker = ({ rng }) => ({ kind: 'text-frame', data: prng.utf16String(rng, 200) })

export const emptyFrame: Maker = () => ({ kind: 'empty-frame', data: new Uint8Array(0) })

/** A sync update whose length is right but whose bytes are no Yjs update. */
export const garbageUpdate: Maker = ({ rng }) => {
  const body = prng.uint8Array(rng, int(rng, 1, 4096))
  return { kind: 'garbage-update', data: concat([0, SYNC_UPDATE], varUint(body.length), body) }
}

/**
 * Sync step 1 with a state vector that claims far more than the server has (answered with almost
 * nothing), one that claims nothing (answered with the whole board), or bytes that are none.
 */
export const lyingStateVector: Maker = ({ rng, view }) => {
  const which = int(rng, 0, 2)
  const payload =
    which === 0
      ? stateVector(view.clients.map((client) => [client, 2 ** 40] as const))
      : which === 1
        ? stateVector([])
        : prng.uint8Array(rng, int(rng, 1, 32))
  return { kind: 'state-vector', data: syncFrame(SYNC_STEP1, payload) }
}

export const queryAwareness: Maker = () => ({
  kind: 'query-awareness',
  data: new Uint8Array([MESSAGE_QUERY_AWARENESS]),
})

/** More than the server reads: it closes the socket (1009) before handling it. */
export const tooLarge = (rng: Rng): Made => ({
  kind: 'too-large',
  data: prng.uint8Array(rng, int(rng, MAX_FRAME_BYTES + 1, MAX_FRAME_BYTES + 150_000)),
})

const presence = (rng: Rng): string =>
  JSON.stringify({ user: { name: prng.word(rng, 1, 12), role: 'therapist' }, cursor: null })

const awarenessVariants: ReadonlyArray<readonly [string, (ctx: Ctx) => AwarenessEntry[]]> = [
  [
    'huge',
    (ctx) => {
      const blob = 'x'.repeat(logUniform(ctx.rng, 1_000, 900_000))
      return [{ clientId: someClient(ctx), clock: int(ctx.rng, 0, 2 ** 31), json: JSON.stringify({ blob }) }]
    },
  ],
  [
    'malformed',
    (ctx) => {
      const json = pick(ctx.rng, ['{', '{"a":', 'undefined', '\u0000', '{"a":1}}', "{'a':1}"])
      return [{ clientId: someClient(ctx), clock: int(ctx.rng, 0, 100), json }]
    },
  ],
  // Removes someone's presence: their client id with a null state.
  ['null', (ctx) => [{ clientId: someClient(ctx), clock: int(ctx.rng, 0, 2 ** 31), json: 'null' }]],
  [
    'many',
    ({ rng }) =>
      Array.from({ length: logUniform(rng, 10, 5_000) }, () => ({
        clientId: clientId(rng),
        clock: 1,
        json: presence(rng),
      })),
  ],
  [
    'other-client',
    (ctx) => [{ clientId: someClient(ctx), clock: int(ctx.rng, 0, 2 ** 52), json: presence(ctx.rng) }],
  ],
  // Claims more entries than the frame holds.
  ['short', (ctx) => [{ clientId: someClient(ctx), clock: 1, json: presence(ctx.rng) }]],
]

/** Presence that lies: huge or broken JSON, other people's client ids, removals, many entries at once. */
export const awareness: Maker = (ctx) => {
  const [name, entriesOf] = pick(ctx.rng, awarenessVariants)
  const entries = entriesOf(ctx)
  const claimed = name === 'short' ? entries.length + int(ctx.rng, 1, 1000) : entries.length
  return { kind: `awareness-${name}`, data: awarenessFrame(entries, claimed) }
}
