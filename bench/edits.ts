// What the clients write, and how a peer (or the durability check) reads it back. Two kinds:
//  - 'bench-map': each client sets its own key `c<i>` of a plain `bench` map to `{ seq, t }` (open hooks;
//    the role write rules would refuse that map).
//  - 'goal': real board use the secure server accepts. In set-up the therapist's client adds one goal
//    with the board package's `addGoal`; then each client sets a shared SMART field of it with
//    `updateGoal`: the therapist `specific`, partner A `measurable`, partner B `achievable`, to
//    `{ seq, t }` as a JSON string. Peers observe the goals map deeply; the server's own stamps
//    (`updatedBy`) arrive there too and are ignored.
// Imported by path: the board package is a workspace package that bench/package.json does not list
// (adding it would change the lockfile); it resolves the same yjs instance as the bench does.
import * as Y from 'yjs'
import { addGoal, selectGoals, updateGoal } from '@session-board/board'

export type EditMode = 'bench-map' | 'goal'

export interface Edit {
  seq: number
  t: number
}

export interface Edits {
  /** Calls `seen` for every remote edit applied to `doc` (never for this client's own). */
  observe(doc: Y.Doc, self: number, seen: (from: number, edit: Edit) => void): void
  /** Set-up of one session's docs before any edit; false if a client did not get ready in time. */
  prepare(docs: Y.Doc[], timeoutMs: number): Promise<boolean>
  write(doc: Y.Doc, self: number, edit: Edit): void
  /** The last seq of each of the 3 clients as a (stored) document holds it; 0 if absent. */
  seqsIn(doc: Y.Doc): number[]
}

const benchMap: Edits = {
  observe(doc, self, seen) {
    const map = doc.getMap<Edit>('bench')
    map.observe((event) => {
      if (event.transaction.local) return
      for (const key of event.keysChanged) {
        const from = Number(key.slice(1))
        const value = map.get(key)
        if (value && from !== self) seen(from, value)
      }
    })
  },
  prepare: async () => true,
  write(doc, self, edit) {
    doc.getMap<Edit>('bench').set(`c${self}`, edit)
  },
  seqsIn(doc) {
    const map = doc.getMap<Edit>('bench')
    return [0, 1, 2].map((i) => map.get(`c${i}`)?.seq ?? 0)
  },
}

/** Client 0 is the therapist, 1 partner A, 2 partner B: each writes its own field of the shared goal. */
export const goalFields = ['specific', 'measurable', 'achievable'] as const

const parse = (value: unknown): Edit | null => {
  if (typeof value !== 'string' || !value.startsWith('{')) return null
  try {
    const edit = JSON.parse(value) as Partial<Edit>
    return typeof edit.seq === 'number' && typeof edit.t === 'number' ? { seq: edit.seq, t: edit.t } : null
  } catch {
    return null
  }
}

const goalIds = new WeakMap<Y.Doc, string>()
const goalIdOf = (doc: Y.Doc): string | null => {
  const known = goalIds.get(doc)
  if (known) return known
  const id = selectGoals(doc)[0]?.id ?? null
  if (id) goalIds.set(doc, id)
  return id
}

const goal: Edits = {
  observe(doc, self, seen) {
    // The board package reads goals from this root map (packages/board/src/doc.ts, goalsMap).
    doc.getMap('goals').observeDeep((events, transaction) => {
      if (transaction.local) return
      for (const event of events) {
        if (event.path.length !== 1 || !(event instanceof Y.YMapEvent)) continue
        const record = event.target as Y.Map<unknown>
        for (const key of event.keysChanged) {
          const from = (goalFields as readonly string[]).indexOf(key)
          if (from < 0 || from === self) continue
          const edit = parse(record.get(key))
          if (edit) seen(from, edit)
        }
      }
    })
  },
  async prepare(docs, timeoutMs) {
    const [therapist] = docs
    if (!therapist) return false
    addGoal(therapist, { title: 'Walk together after dinner', kind: 'life' })
    const deadline = performance.now() + timeoutMs
    while (!docs.every((doc) => goalIdOf(doc) !== null)) {
      if (performance.now() > deadline) return false
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return true
  },
  write(doc, self, edit) {
    const id = goalIdOf(doc)
    const field = goalFields[self]
    if (id && field) updateGoal(doc, id, { [field]: JSON.stringify(edit) })
  },
  seqsIn(doc) {
    const record = doc.getMap<Y.Map<unknown>>('goals').values().next().value
    return goalFields.map((field) => parse(record?.get(field))?.seq ?? 0)
  },
}

export const editsFor = (mode: EditMode): Edits => (mode === 'goal' ? goal : benchMap)
