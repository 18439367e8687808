// A seeded generator of hostile websocket frames for the y-websocket protocol, as a participant with a
// modified client could send them to the board's sync server. Shared by the fuzz test
// (apps/server/test/fuzz.test.ts) and the benchmark's fuzz part (bench/fuzz/fuzzBench.ts).
//
// Frames are a pure function of the seed and of the board they attack (its state when the attack began,
// as the attacker's first sync step 2 gave it): the same seed against the same board gives the same
// bytes. Hostile Yjs edits are made on a fresh copy of that base each time (craft.ts, BoardView), each
// under a client id drawn from the seed, so no frame depends on which earlier ones the server refused.
import * as prng from 'lib0/prng'
import { BoardView } from './craft.ts'
import type { Ctx, Made, Maker } from './draw.ts'
import { chance, int } from './draw.ts'
import * as edits from './editFrames.ts'
import * as wire from './wireFrames.ts'

export interface HostileFrame {
  /** What the frame tries (`wrong-type`, `clock-gap`, …), for the tallies of the test and the bench. */
  kind: string
  /** Bytes go as a binary frame; a string goes as a text frame. */
  data: Uint8Array | string
  /** Part of a burst: the next frame follows at once, without waiting for the server to handle this one. */
  burst: boolean
  /** A valid new card the attacker adds (its record id): if the server accepts it, it must keep it. */
  markerId?: string
}

export interface HostileTarget {
  /** The attacked board as the attacker's first sync step 2 gave it. */
  base: Uint8Array
  /** The attacker's role: a partner, who may write shared records and their own keys. */
  role: 'partnerA' | 'partnerB'
}

/** [relative weight, maker]: about a third broken frames, half hostile edits, the rest presence and valid edits. */
const catalogue: ReadonlyArray<readonly [number, Maker]> = [
  [4, wire.randomBytes],
  [4, wire.truncated],
  [3, wire.trailingBytes],
  [3, wire.unknownType],
  [2, wire.unknownSyncType],
  [1, wire.textFrame],
  [1, wire.emptyFrame],
  [2, wire.garbageUpdate],
  [2, wire.lyingStateVector],
  [6, wire.awareness],
  [2, wire.queryAwareness],
  [6, edits.plainRecord],
  [8, edits.wrongType],
  [2, edits.oversizeString],
  [4, edits.unknownRoot],
  [3, edits.unknownField],
  [6, edits.therapistRoot],
  [4, edits.stamp],
  [4, edits.otherConsent],
  [4, edits.foreignClient],
  [4, edits.clockGap],
  [4, edits.unknownDeletion],
  [3, edits.deleteKnown],
  [1, edits.deepNesting],
  [1, edits.manyKeys],
  [4, edits.validEdit],
  [5, edits.marker],
]
const totalWeight = catalogue.reduce((sum, [weight]) => sum + weight, 0)

/** The share of frames that start a burst of 5–40, and of frames over the server's size limit. */
const BURST_START = 0.005
const TOO_LARGE = 0.003

/** `count` hostile frames from `seed` against `target`, made one at a time as they are taken. */
export function* hostileFrames(seed: number, count: number, target: HostileTarget): Generator<HostileFrame> {
  const rng = prng.create(seed)
  const view = new BoardView(target.base)
  const other = target.role === 'partnerA' ? 'partnerB' : 'partnerA'
  let burstLeft = 0
  for (let index = 0; index < count; index++) {
    const ctx: Ctx = { rng, view, role: target.role, other, index }
    if (burstLeft === 0 && chance(rng, BURST_START)) burstLeft = int(rng, 5, 40)
    let made: Made
    // Over the size limit, the socket closes before the server reads the frame: not worth a burst.
    if (burstLeft === 0 && chance(rng, TOO_LARGE)) made = wire.tooLarge(rng)
    else {
      let roll = prng.real53(rng) * totalWeight
      const [, maker] = catalogue.find(([weight]) => (roll -= weight) < 0) ?? catalogue[0]!
      made = maker(ctx)
    }
    if (burstLeft > 0) burstLeft--
    yield { ...made, burst: burstLeft > 0 }
  }
}
