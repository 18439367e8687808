// Hostile frames that are valid Yjs: sync updates that decode and apply, but write what a partner must
// not write, or write it in a shape or size the board does not have. Also the partner's legitimate
// edits, so that accepted changes are mixed in (and a marker card the test can look for afterwards).
import { GOAL_WORDING, addCard, selectGoals, wordingFingerprint } from '@session-board/board'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { deletionUpdate, updateFrame } from './craft.ts'
import type { Ctx, Made, Maker, Rng } from './draw.ts'
import {
  COLLECTIONS,
  FIXED_TIME,
  THERAPIST_ROOTS,
  clientId,
  int,
  logUniform,
  pick,
  recordId,
  someClient,
  someRecord,
} from './draw.ts'

/** Just under the server's 1 MiB frame limit, so the frame reaches the write rules. */
const MAX_STRING = 1_000_000

/** A collection's record on `doc`: the existing one, or a new map under that id. */
function recordIn(doc: Y.Doc, root: string, id: string): Y.Map<unknown> {
  const records = doc.getMap<Y.Map<unknown>>(root)
  const existing = records.get(id)
  if (existing instanceof Y.Map) return existing
  const created = new Y.Map<unknown>([['createdAt', FIXED_TIME]])
  records.set(id, created)
  return created
}

/** One change on a copy of the base, as one sync update frame, under a client id from the seed. */
const edit = (ctx: Ctx, kind: string, change: (doc: Y.Doc) => void, client = clientId(ctx.rng)): Made => ({
  kind,
  data: updateFrame(ctx.view.edit(client, change)),
})

/** A value of the wrong kind for a text field: plain JSON of every sort, a nested Y type, or bytes. */
function wrongValue(rng: Rng): unknown {
  const values: ReadonlyArray<() => unknown> = [
    () => int(rng, -(2 ** 40), 2 ** 40),
    () => prng.real53(rng) * 1e308,
    () => prng.bool(rng),
    () => null,
    () => ({ nested: { deeper: [1, 'two', null] }, role: 'therapist' }),
    () => Array.from({ length: int(rng, 0, 50) }, () => int(rng, 0, 9)),
    () => new Y.Map([['evil', prng.word(rng)]]),
    () => Y.Array.from([1, 2, 3]),
    () => new Y.Text(prng.utf16String(rng, 40)),
    () => prng.uint8Array(rng, int(rng, 1, 64)),
    () => prng.utf16String(rng, 30),
  ]
  return pick(rng, values)()
}

/** A plain value where a record (a map of fields) belongs. */
export const plainRecord: Maker = (ctx) => {
  const root = pick(ctx.rng, COLLECTIONS)
  const id = someRecord(ctx, root)
  const value = pick(ctx.rng, ['a plain string', 42, null, true, ['a', 'list'], { not: 'a map' }])
  return edit(ctx, 'plain-record', (doc) => doc.getMap(root).set(id, value))
}

export const wrongType: Maker = (ctx) => {
  const root = pick(ctx.rng, COLLECTIONS)
  const id = someRecord(ctx, root)
  const fields = root === 'goals' ? GOAL_WORDING : ['text', 'title', 'place', 'status', 'goalId', 'createdAt']
  const field = pick(ctx.rng, fields)
  const value = wrongValue(ctx.rng)
  return edit(ctx, 'wrong-type', (doc) => recordIn(doc, root, id).set(field, value))
}

/** A goal field of 1 KB to 1 MB, sometimes in 3-byte characters (a third of the characters). */
export const oversizeString: Maker = (ctx) => {
  const length = logUniform(ctx.rng, 1_000, MAX_STRING)
  const text = prng.bool(ctx.rng) ? 'x'.repeat(length) : '€'.repeat(Math.floor(length / 3))
  const id = someRecord(ctx, 'goals')
  const field = pick(ctx.rng, GOAL_WORDING)
  return edit(ctx, 'oversize-string', (doc) => recordIn(doc, 'goals', id).set(field, text))
}

export const unknownRoot: Maker = (ctx) => {
  const { rng } = ctx
  const long = 'x'.repeat(int(rng, 1, 2000))
  const name = pick(rng, [
    'bench',
    'admin',
    '__proto__',
    'constructor',
    'goals ',
    long,
    prng.utf16String(rng, 20),
  ])
  const shape = int(rng, 0, 3)
  return edit(ctx, 'unknown-root', (doc) => {
    if (shape === 0) doc.getMap(name).set(prng.word(rng, 1, 10), prng.word(rng))
    else if (shape === 1) doc.getArray(name).insert(0, [1, 2, 3])
    else if (shape === 2) doc.getText(name).insert(0, prng.word(rng, 1, 100))
    else doc.getXmlFragment(name).insert(0, [new Y.XmlText('hi')])
  })
}

export const unknownField: Maker = (ctx) => {
  const root = pick(ctx.rng, COLLECTIONS)
  const id = someRecord(ctx, root)
  const key = pick(ctx.rng, [
    'isAdmin',
    'role',
    'consent.therapist',
    `consent.${ctx.role}.x`,
    prng.word(ctx.rng, 1, 64),
  ])
  const value = prng.word(ctx.rng)
  return edit(ctx, 'unknown-field', (doc) => recordIn(doc, root, id).set(key, value))
}

/** The huddle, the floor, what is revealed, the huddles' records: the therapist's alone. */
export const therapistRoot: Maker = (ctx) => {
  const root = pick(ctx.rng, THERAPIST_ROOTS)
  const key = pick(ctx.rng, [
    'status',
    'holder',
    'phaseIndex',
    'anchorAt',
    'agenda',
    'grid',
    prng.word(ctx.rng, 1, 12),
  ])
  const value = pick(ctx.rng, ['running', ctx.role, 3, FIXED_TIME, true, null])
  return edit(ctx, 'therapist-root', (doc) => doc.getMap(root).set(key, value))
}

/** Who created or last changed a record: the server's to write. */
export const stamp: Maker = (ctx) => {
  const root = pick(ctx.rng, COLLECTIONS)
  const id = someRecord(ctx, root)
  const key = pick(ctx.rng, ['createdBy', 'updatedBy'])
  const remove = prng.bool(ctx.rng)
  return edit(ctx, 'stamp', (doc) => {
    const record = recordIn(doc, root, id)
    if (remove) record.delete(key)
    else record.set(key, { id: 'someone-else', role: 'therapist' })
  })
}

/** The other partner's consent, given in their name. */
export const otherConsent: Maker = (ctx) => {
  const id = someRecord(ctx, 'goals')
  const fingerprint = prng.bool(ctx.rng)
  const junk = prng.word(ctx.rng, 1, 12)
  return edit(ctx, 'other-consent', (doc) => {
    const goal = selectGoals(doc).find((g) => g.id === id)
    recordIn(doc, 'goals', id).set(
      `consent.${ctx.other}`,
      goal && fingerprint ? wordingFingerprint(goal) : junk,
    )
  })
}

/** A plausible edit under the Yjs client id of someone else who wrote the board. */
export const foreignClient: Maker = (ctx) => {
  const client = ctx.view.clients.length > 0 ? pick(ctx.rng, ctx.view.clients) : clientId(ctx.rng)
  const id = someRecord(ctx, 'goals')
  return edit(ctx, 'foreign-client', (doc) => recordIn(doc, 'goals', id).set('relevant', 'mine now'), client)
}

/** An edit whose structs start past what the server knows of the client: it could never integrate. */
export const clockGap: Maker = (ctx) => {
  const client = someClient(ctx)
  const gap = logUniform(ctx.rng, 1, 100_000)
  const id = someRecord(ctx, 'cards')
  const update = ctx.view.edit(client, (doc) => recordIn(doc, 'cards', id).set('text', 'after a gap'), gap)
  return { kind: 'clock-gap', data: updateFrame(update) }
}

/** Deletions of items nobody wrote, some under other people's client ids, some ranges huge. */
export const unknownDeletion: Maker = (ctx) => {
  const ranges = Array.from({ length: logUniform(ctx.rng, 1, 500) }, () => {
    const client = someClient(ctx)
    return [client, int(ctx.rng, 0, 2 ** 31), logUniform(ctx.rng, 1, 2 ** 31)] as const
  })
  return { kind: 'unknown-deletion', data: updateFrame(deletionUpdate(ranges)) }
}

/** Removes a record or a key that exists: some a partner may remove, most not. */
export const deleteKnown: Maker = (ctx) => {
  const root = pick(ctx.rng, [...COLLECTIONS, ...THERAPIST_ROOTS, 'session', 'meta'])
  const ids = ctx.view.ids(root)
  const key = ids.length > 0 ? pick(ctx.rng, ids) : pick(ctx.rng, ['status', 'schemaVersion', 'holder'])
  return edit(ctx, 'delete-known', (doc) => doc.getMap(root).delete(key))
}

export const deepNesting: Maker = (ctx) => {
  const depth = int(ctx.rng, 3, 60)
  const id = recordId(ctx.rng, 'goal')
  return edit(ctx, 'deep-nesting', (doc) => {
    let map = recordIn(doc, 'goals', id)
    for (let i = 0; i < depth; i++) {
      const inner = new Y.Map<unknown>()
      map.set('specific', inner)
      map = inner
    }
  })
}

/** One record (or the huddle) with up to 20,000 keys. */
export const manyKeys: Maker = (ctx) => {
  const keys = logUniform(ctx.rng, 100, 20_000)
  const root = pick(ctx.rng, ['cards', 'goals', 'huddle'])
  const id = recordId(ctx.rng, root.slice(0, -1))
  return edit(ctx, 'many-keys', (doc) => {
    const target = root === 'huddle' ? doc.getMap('huddle') : recordIn(doc, root, id)
    for (let i = 0; i < keys; i++) target.set(`k${i}`, i)
  })
}

/** What a partner may do: give their own consent, change a shared wording, write their own check-in. */
export const validEdit: Maker = (ctx) => {
  const goalId = ctx.view.ids('goals')[0]
  const which = int(ctx.rng, 0, 2)
  const text = `edit ${ctx.index}`
  return edit(ctx, 'valid-edit', (doc) => {
    const goal = selectGoals(doc).find((g) => g.id === goalId)
    const record = goalId ? doc.getMap<Y.Map<unknown>>('goals').get(goalId) : undefined
    if (which === 0 && goal && record) record.set(`consent.${ctx.role}`, wordingFingerprint(goal))
    else if (which === 1 && record) record.set('relevant', text)
    else doc.getMap('huddle').set(`checkIn.${ctx.role}.feelings`, text)
  })
}

/** A new card with addCard's fields, under an id and a time from the seed: accepted, it must stay. */
export const marker: Maker = (ctx) => {
  const id = recordId(ctx.rng, 'card')
  const column = pick(ctx.rng, ['keep', 'stop', 'start'] as const)
  const scratch = ctx.view.copy()
  const scratchId = addCard(scratch, { text: `marker ${ctx.index}`, column })
  const fields = scratch.getMap<Y.Map<unknown>>('cards').get(scratchId)?.toJSON() ?? {}
  scratch.destroy()
  fields.createdAt = FIXED_TIME
  const made = edit(ctx, 'marker', (doc) => doc.getMap('cards').set(id, new Y.Map(Object.entries(fields))))
  return { ...made, markerId: id }
}
