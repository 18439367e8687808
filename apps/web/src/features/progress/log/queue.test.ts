import type { ProgressEntry } from '@session-board/board'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Queue, SendOutcome } from './queue.ts'
import { MAX_BATCH, dismiss, enqueue, nextBatch, settle, waitingCount } from './queue.ts'

let made = 0
/** An entry as the phone makes it; a negative value is one the model server refuses. */
function entry(value = 3): ProgressEntry {
  made += 1
  return {
    id: `00000000-0000-4000-8000-${String(made).padStart(12, '0')}`,
    metricId: 'dial:closeness',
    partner: 'partnerB',
    day: '2026-03-02',
    loggedAt: Date.UTC(2026, 2, 2, 20),
    utcOffsetMinutes: 60,
    value,
    privacy: 'shared',
  }
}

/**
 * A model of the server's entries route: a batch is stored whole or refused whole (naming the first bad
 * entry by place, or not), and an id already stored answers 'already stored'.
 */
class ModelServer {
  readonly stored = new Map<string, ProgressEntry>()
  inserts = 0

  receive(batch: readonly ProgressEntry[], namesEntry: boolean): SendOutcome {
    const bad = batch.findIndex((item) => item.value < 0)
    if (bad >= 0)
      return { kind: 'refused', reason: 'value out of range', entryIndex: namesEntry ? bad : null }
    const entries = batch.map((item) => {
      if (this.stored.has(item.id)) return { id: item.id, status: 'already stored' as const }
      this.stored.set(item.id, item)
      this.inserts += 1
      return { id: item.id, status: 'stored' as const }
    })
    return { kind: 'answered', entries }
  }
}

describe('the offline queue', () => {
  it('keeps entries in order and never twice', () => {
    const [first, second] = [entry(), entry()]
    const queue = enqueue(enqueue([], [first, second]), [second, first])
    expect(queue.map((waiting) => waiting.entry.id)).toEqual([first.id, second.id])
  })

  it('sends at most a hundred at once, and the rest after', () => {
    let queue: Queue = enqueue(
      [],
      Array.from({ length: 250 }, () => entry()),
    )
    const server = new ModelServer()
    const sizes: number[] = []
    for (let batch = nextBatch(queue); batch.length > 0; batch = nextBatch(queue)) {
      sizes.push(batch.length)
      queue = settle(queue, batch, server.receive(batch, true))
    }
    expect(sizes).toEqual([MAX_BATCH, MAX_BATCH, 50])
    expect(server.stored.size).toBe(250)
  })

  it('keeps everything when the send fails, and removes only what the server answered for', () => {
    const entries = [entry(), entry(), entry()]
    let queue = enqueue([], entries)
    queue = settle(queue, entries, { kind: 'kept' })
    expect(waitingCount(queue)).toBe(3)
    queue = settle(queue, entries, {
      kind: 'answered',
      entries: [{ id: entries[1]!.id, status: 'already stored' }],
    })
    expect(queue.map((waiting) => waiting.entry.id)).toEqual([entries[0]!.id, entries[2]!.id])
  })

  it('shows a refused entry with its reason and does not send it again', () => {
    const [good, bad] = [entry(), entry(-1)]
    let queue = enqueue([], [good, bad])
    queue = settle(queue, [good, bad], { kind: 'refused', reason: 'value out of range', entryIndex: 1 })
    expect(queue.find((waiting) => waiting.entry.id === bad.id)?.refusal).toBe('value out of range')
    expect(nextBatch(queue)).toEqual([good])
    expect(waitingCount(dismiss(queue, bad.id))).toBe(1)
  })

  it('finds the refused entry by sending alone when the server did not name it', () => {
    const server = new ModelServer()
    const entries = [entry(), entry(-1), entry()]
    let queue = enqueue([], entries)
    for (let batch = nextBatch(queue); batch.length > 0; batch = nextBatch(queue)) {
      queue = settle(queue, batch, server.receive(batch, false))
    }
    expect([...server.stored.keys()]).toEqual([entries[0]!.id, entries[2]!.id])
    expect(queue).toEqual([{ entry: entries[1], refusal: 'value out of range', alone: false }])
  })

  it('delivers each entry exactly once, whatever the order, duplication and failure of sends and answers', () => {
    type Step =
      | { kind: 'log'; count: number; bad: boolean }
      | { kind: 'send' }
      | { kind: 'arrive'; pick: number; duplicated: boolean; namesEntry: boolean }
      | { kind: 'lose request'; pick: number }
      | { kind: 'answer'; pick: number }
      | { kind: 'lose answer'; pick: number }
      | { kind: 'reload' }
    const pick = fc.nat(20)
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant('log' as const),
        count: fc.integer({ min: 1, max: 130 }),
        bad: fc.boolean(),
      }),
      fc.constant({ kind: 'send' as const }),
      fc.record({
        kind: fc.constant('arrive' as const),
        pick,
        duplicated: fc.boolean(),
        namesEntry: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('lose request' as const), pick }),
      fc.record({ kind: fc.constant('answer' as const), pick }),
      fc.record({ kind: fc.constant('lose answer' as const), pick }),
      fc.constant({ kind: 'reload' as const }),
    )

    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const server = new ModelServer()
        const logged: ProgressEntry[] = []
        let queue: Queue = []
        // Requests on their way to the server, and answers on their way back; `page` is the page that
        // sent them: after a reload, the old page's answers reach nobody.
        let page = 0
        let requests: { batch: ProgressEntry[]; page: number }[] = []
        let answers: { batch: ProgressEntry[]; outcome: SendOutcome; page: number }[] = []
        const take = <T>(list: T[], index: number): [T | undefined, T[]] => {
          if (list.length === 0) return [undefined, list]
          const at = index % list.length
          return [list[at], [...list.slice(0, at), ...list.slice(at + 1)]]
        }
        const answer = (reply: { batch: ProgressEntry[]; outcome: SendOutcome; page: number }) => {
          if (reply.page === page) queue = settle(queue, reply.batch, reply.outcome)
        }
        const noneLost = () => {
          const kept = new Set(queue.map((waiting) => waiting.entry.id))
          for (const item of logged) expect(kept.has(item.id) || server.stored.has(item.id)).toBe(true)
        }

        for (const current of steps) {
          if (current.kind === 'log') {
            const made = Array.from({ length: current.count }, (_, index) =>
              entry(current.bad && index === 0 ? -1 : index % 11),
            )
            logged.push(...made)
            queue = enqueue(queue, made)
          } else if (current.kind === 'send') {
            const batch = nextBatch(queue)
            if (batch.length > 0) requests.push({ batch, page })
          } else if (current.kind === 'arrive') {
            const [request, rest] = take(requests, current.pick)
            if (!request) continue
            const outcome = server.receive(request.batch, current.namesEntry)
            answers.push({ ...request, outcome })
            // A retransmitted request reaches the server again later.
            if (!current.duplicated) requests = rest
          } else if (current.kind === 'lose request') {
            const [request, rest] = take(requests, current.pick)
            requests = rest
            if (request) answer({ ...request, outcome: { kind: 'kept' } })
          } else if (current.kind === 'answer') {
            const [reply, rest] = take(answers, current.pick)
            answers = rest
            if (reply) answer(reply)
          } else if (current.kind === 'lose answer') {
            const [reply, rest] = take(answers, current.pick)
            answers = rest
            if (reply) answer({ ...reply, outcome: { kind: 'kept' } })
          } else {
            // What the device kept is all a reloaded page has.
            queue = JSON.parse(JSON.stringify(queue)) as Queue
            page += 1
          }
          noneLost()
        }

        // Back online for good: the page sends until nothing is left to send.
        for (let batch = nextBatch(queue); batch.length > 0; batch = nextBatch(queue)) {
          queue = settle(queue, batch, server.receive(batch, true))
        }
        const good = logged.filter((item) => item.value >= 0)
        expect(server.inserts).toBe(good.length)
        for (const item of good) expect(server.stored.get(item.id)).toEqual(item)
        const bad = logged.filter((item) => item.value < 0).map((item) => item.id)
        expect(queue.map((waiting) => waiting.entry.id).sort()).toEqual(bad.sort())
        expect(queue.every((waiting) => waiting.refusal !== null)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
