import type { ProgressEntry } from '@session-board/board'
import { describe, expect, it } from 'vitest'
import type { QueueView } from './entryQueue.ts'
import { enqueue, settle } from './queue.ts'
import { describeQueue, entryState } from './queueStatus.ts'

const entry = (n: number): ProgressEntry => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  metricId: 'dial:sobriety',
  partner: 'partnerA',
  day: '2026-03-02',
  loggedAt: Date.UTC(2026, 2, 2, 8),
  utcOffsetMinutes: 0,
  value: 8,
  privacy: 'shared',
})
const view = (patch: Partial<QueueView>): QueueView => ({
  queue: [],
  loaded: true,
  sending: false,
  online: true,
  signedOut: false,
  delivered: new Set(),
  flags: [],
  ...patch,
})

describe('what the phone says about its entries', () => {
  it('says how many entries wait on the phone while offline, and when all arrived', () => {
    const queue = enqueue([], [entry(1), entry(2), entry(3)])
    expect(describeQueue(view({ queue, online: false }))).toBe('Offline — 3 entries kept on this phone')
    expect(describeQueue(view({ queue, sending: true }))).toBe('Sending…')
    expect(describeQueue(view({ queue: [] }))).toBe('All saved')
    expect(describeQueue(view({ queue, signedOut: true }))).toBe(
      'Sign in again to send 3 entries kept on this phone',
    )
  })

  it('gives each saved entry its own state', () => {
    const [sent, waiting, refused] = [entry(4), entry(5), entry(6)]
    let queue = enqueue([], [sent, waiting, refused])
    queue = settle(queue, [sent], { kind: 'answered', entries: [{ id: sent.id, status: 'stored' }] })
    queue = settle(queue, [refused], { kind: 'refused', reason: 'entry.value is too high.', entryIndex: 0 })
    const now = view({ queue, delivered: new Set([sent.id]) })
    expect(entryState(now, sent)).toEqual({ state: 'saved' })
    expect(entryState(now, waiting)).toEqual({ state: 'waiting' })
    expect(entryState(now, refused)).toEqual({ state: 'refused', reason: 'entry.value is too high.' })
  })
})
