// What every frame maker draws from: the seeded PRNG (lib0's xoroshiro128+), the attacked board as the
// attacker first saw it, and small helpers, so that a frame is a pure function of the seed and the base.
import * as prng from 'lib0/prng'
import type { BoardView } from './craft.ts'

export type Rng = prng.PRNG

export interface Ctx {
  rng: Rng
  view: BoardView
  /** The attacker's role and the other partner's. */
  role: 'partnerA' | 'partnerB'
  other: 'partnerA' | 'partnerB'
  /** The frame's index in the run, for marker texts. */
  index: number
}

/** A frame as a maker returns it; the generator adds whether it is part of a burst. */
export interface Made {
  kind: string
  data: Uint8Array | string
  markerId?: string
}

export type Maker = (ctx: Ctx) => Made

/** The board's record collections and the roots only the therapist writes. */
export const COLLECTIONS = ['goals', 'cards', 'steps', 'plans'] as const
export const THERAPIST_ROOTS = ['huddle', 'floor', 'reveal', 'huddles'] as const
/** A fixed instant for records the attacker writes, so their bytes do not depend on the clock. */
export const FIXED_TIME = Date.UTC(2025, 0, 6, 9)
const ID_ALPHABET = [...'0123456789abcdefghijklmnopqrstuvwxyz']

export const int = (rng: Rng, min: number, max: number): number => prng.int53(rng, min, max)
export const pick = <T>(rng: Rng, items: readonly T[]): T => prng.oneOf(rng, items as T[])
export const chance = (rng: Rng, p: number): boolean => prng.real53(rng) < p

/** Log-uniform in [min, max]: most values small, a few near the top. */
export const logUniform = (rng: Rng, min: number, max: number): number =>
  Math.floor(Math.exp(Math.log(min) + prng.real53(rng) * (Math.log(max) - Math.log(min))))

/** A 32-bit Yjs client id of the attacker's choosing (y-websocket draws them at random too). */
export const clientId = (rng: Rng): number => prng.uint32(rng, 1, 0xfffffffe)

/** A client that wrote the base (someone else's id) half the time, else a fresh one. */
export const someClient = ({ rng, view }: Ctx): number =>
  view.clients.length > 0 && prng.bool(rng) ? pick(rng, view.clients) : clientId(rng)

/** An id shaped like the board's own (`newId`): prefix, '_', 12 of [0-9a-z]. */
export const recordId = (rng: Rng, prefix: string): string =>
  `${prefix}_${Array.from({ length: 12 }, () => pick(rng, ID_ALPHABET)).join('')}`

/** An existing record of a base collection half the time (always a new id if it has none). */
export function someRecord({ rng, view }: Ctx, root: string): string {
  const ids = view.ids(root)
  return ids.length > 0 && prng.bool(rng) ? pick(rng, ids) : recordId(rng, root.slice(0, -1))
}

export function varUint(value: number): number[] {
  const bytes: number[] = []
  let rest = value
  while (rest > 0x7f) {
    bytes.push(0x80 | (rest & 0x7f))
    rest = Math.floor(rest / 128)
  }
  bytes.push(rest)
  return bytes
}

export const concat = (...parts: ArrayLike<number>[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
