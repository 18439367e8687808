import { describe, expect, it } from 'vitest'
import type { ClockSample } from './clockSync.ts'
import { estimateOffset } from './clockSync.ts'

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * Round trips against a server whose clock is the truth, from a device whose clock is `offsetMs` behind
 * it, with 0–50 ms one-way delays drawn per direction.
 */
function sampleRoundTrips(offsetMs: number, count: number, seed: number): ClockSample[] {
  const random = seeded(seed)
  const deviceClock = (serverTime: number) => serverTime - offsetMs
  const samples: ClockSample[] = []
  let serverTime = 1_700_000_000_000
  for (let i = 0; i < count; i++) {
    const sentAt = deviceClock(serverTime)
    serverTime += random() * 50
    const serverAt = Math.round(serverTime)
    serverTime += random() * 50
    samples.push({ sentAt, serverAt, receivedAt: deviceClock(serverTime) })
    serverTime += 150
  }
  return samples
}

describe('estimateOffset', () => {
  it('finds a device clock minutes off to within a few ms, despite jittery delays', () => {
    // 12 samples: the web client's window. Each sample alone is off by up to 25 ms.
    for (const offsetMs of [-3 * 60_000 - 17, 7 * 60_000 + 250]) {
      const errors: number[] = []
      for (let seed = 1; seed <= 200; seed++) {
        const estimate = estimateOffset(sampleRoundTrips(offsetMs, 12, seed))
        expect(estimate!.rttMs).toBeGreaterThanOrEqual(0)
        expect(estimate!.rttMs).toBeLessThanOrEqual(100)
        errors.push(Math.abs(estimate!.offsetMs - offsetMs))
      }
      errors.sort((a, b) => a - b)
      expect(errors[100]).toBeLessThan(5) // the median error
      expect(errors.at(-1)).toBeLessThan(20) // the worst of 200
    }
  })

  it('is not moved by one huge outlier, slow or fast', () => {
    const offsetMs = -120_000
    const samples = sampleRoundTrips(offsetMs, 12, 7)
    const slow = { sentAt: 0, serverAt: 3_600_000, receivedAt: 9_000 }
    const fastButWrong = { sentAt: 10, serverAt: 3_600_000, receivedAt: 10 }
    for (const outlier of [slow, fastButWrong]) {
      expect(Math.abs(estimateOffset([...samples, outlier])!.offsetMs - offsetMs)).toBeLessThan(5)
    }
  })

  it('uses a single sample as it is, and nothing without one', () => {
    expect(estimateOffset([{ sentAt: 100, serverAt: 1_150, receivedAt: 200 }])).toEqual({
      offsetMs: 1_000,
      rttMs: 100,
    })
    expect(estimateOffset([])).toBeNull()
    // A sample that arrived before it was sent (the device clock was set meanwhile) says nothing.
    expect(estimateOffset([{ sentAt: 200, serverAt: 0, receivedAt: 100 }])).toBeNull()
  })
})
