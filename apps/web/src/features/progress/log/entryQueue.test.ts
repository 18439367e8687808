import type { ProgressEntry } from '@session-board/board'
import { describe, expect, it } from 'vitest'
import type { QueueStorage } from './entryQueue.ts'
import { createEntryQueue } from './entryQueue.ts'
import type { Delivery } from './logApi.ts'
import { refusal } from './logApi.ts'
import type { Queue } from './queue.ts'

/** A fake device store: what survives a reload is what was written here. */
function fakeDevice(): QueueStorage & { kept: () => Queue } {
  let kept: Queue = []
  return {
    kept: () => kept,
    read: async () => structuredClone(kept),
    change: async (apply) => {
      kept = structuredClone(apply(structuredClone(kept)))
      return kept
    },
  }
}

const entry = (n: number, value = 5): ProgressEntry => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  metricId: 'dial:safety',
  partner: 'partnerB',
  day: '2026-03-02',
  loggedAt: Date.UTC(2026, 2, 2, 20),
  utcOffsetMinutes: 0,
  value,
  privacy: 'therapist',
})

const unreachable: Delivery = { outcome: { kind: 'kept' }, flags: [], signedOut: false }

describe('the queue on the device', () => {
  it('writes entries to the device before sending, and keeps them across a reload while offline', async () => {
    const device = fakeDevice()
    const seenBeforeSend: number[] = []
    const offlinePage = createEntryQueue({
      storage: device,
      post: async (batch) => {
        seenBeforeSend.push(device.kept().filter((w) => batch.some((e) => e.id === w.entry.id)).length)
        return unreachable
      },
      isOnline: () => true,
    })
    await offlinePage.add([entry(1), entry(2)])
    expect(seenBeforeSend).toEqual([2])
    expect(offlinePage.getSnapshot().queue).toHaveLength(2)

    const stored: string[] = []
    const reloaded = createEntryQueue({
      storage: device,
      post: async (batch) => {
        stored.push(...batch.map((e) => e.id))
        const entries = batch.map((e) => ({ id: e.id, status: 'stored' as const }))
        const flags = [
          { id: 'flag_1', level: 'red' as const, metricId: 'dial:safety', response: 'We take a time-out.' },
        ]
        return { outcome: { kind: 'answered', entries }, flags, signedOut: false }
      },
      isOnline: () => true,
    })
    await reloaded.send()
    expect(stored).toEqual([entry(1).id, entry(2).id])
    const view = reloaded.getSnapshot()
    expect(view.queue).toEqual([])
    expect([...view.delivered]).toEqual(stored)
    expect(view.flags.map((flag) => flag.response)).toEqual(['We take a time-out.'])
  })

  it('does not send while the browser is offline, and keeps a refused entry with its reason', async () => {
    const device = fakeDevice()
    let online = false
    let sends = 0
    const queue = createEntryQueue({
      storage: device,
      post: async () => {
        sends += 1
        return {
          outcome: refusal('Nothing of this batch was stored. Entry 1: entry.value must be at most 10.'),
          flags: [],
          signedOut: false,
        }
      },
      isOnline: () => online,
    })
    await queue.add([entry(3, 11)])
    expect(sends).toBe(0)
    online = true
    await queue.send()
    await queue.send()
    expect(sends).toBe(1)
    expect(queue.getSnapshot().queue[0]?.refusal).toBe('entry.value must be at most 10.')
    await queue.dismiss(entry(3).id)
    expect(device.kept()).toEqual([])
  })
})
