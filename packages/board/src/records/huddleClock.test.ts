import { describe, expect, it } from 'vitest'
import type { AgendaPhase, HuddleClock } from './huddleClock.ts'
import { defaultAgenda, huddleAt } from './huddleClock.ts'

const T0 = 1_700_000_000_000
const MIN = 60_000

const running = (patch: Partial<HuddleClock> = {}): HuddleClock => ({
  agenda: defaultAgenda,
  status: 'running',
  anchorIndex: 0,
  anchorStartedAt: T0,
  extraMs: 0,
  pausedAt: null,
  ...patch,
})

describe('huddleAt', () => {
  it('walks the default agenda: 5, 7, 5 and 3 minutes', () => {
    expect(defaultAgenda.map((phase) => [phase.kind, phase.minutes, phase.advance])).toEqual([
      ['checkIn', 5, 'auto'],
      ['review', 7, 'auto'],
      ['experiment', 5, 'auto'],
      ['appreciation', 3, 'auto'],
    ])
    const view = huddleAt(running(), T0 + 6 * MIN)
    expect(view).toMatchObject({
      phaseIndex: 1,
      phaseStartedAt: T0 + 5 * MIN,
      phaseEndsAt: T0 + 12 * MIN,
      remainingMs: 6 * MIN,
      waitingForTherapist: false,
      finished: false,
    })
    expect(view.phase?.kind).toBe('review')
  })

  it('moves on exactly at the boundary instant: the next phase has begun, with its full time', () => {
    const clock = running()
    expect(huddleAt(clock, T0 + 5 * MIN - 1)).toMatchObject({ phaseIndex: 0, remainingMs: 1 })
    expect(huddleAt(clock, T0 + 5 * MIN)).toMatchObject({ phaseIndex: 1, remainingMs: 7 * MIN })
    expect(huddleAt(clock, T0 + 12 * MIN)).toMatchObject({ phaseIndex: 2, phaseStartedAt: T0 + 12 * MIN })
    expect(huddleAt(clock, T0 + 17 * MIN)).toMatchObject({ phaseIndex: 3, remainingMs: 3 * MIN })
  })

  it('is finished once the last phase ran out by itself', () => {
    const clock = running()
    expect(huddleAt(clock, T0 + 20 * MIN - 1)).toMatchObject({ phaseIndex: 3, finished: false })
    expect(huddleAt(clock, T0 + 20 * MIN)).toMatchObject({
      status: 'running',
      phaseIndex: 3,
      remainingMs: 0,
      finished: true,
      warning: false,
      waitingForTherapist: false,
    })
    expect(huddleAt(clock, T0 + 90 * MIN)).toMatchObject({ phaseIndex: 3, finished: true })
  })

  it('stops at a therapist-paced phase whose time is up, however long it waits', () => {
    const agenda: AgendaPhase[] = defaultAgenda.map((phase) =>
      phase.kind === 'review' ? { ...phase, advance: 'therapist' } : phase,
    )
    const clock = running({ agenda })
    expect(huddleAt(clock, T0 + 12 * MIN - 1)).toMatchObject({ phaseIndex: 1, waitingForTherapist: false })
    for (const at of [T0 + 12 * MIN, T0 + 40 * MIN]) {
      expect(huddleAt(clock, at)).toMatchObject({
        phaseIndex: 1,
        remainingMs: 0,
        waitingForTherapist: true,
        warning: false,
        finished: false,
      })
    }
  })

  it('warns in the last ten seconds of a phase that moves on by itself, not of one that waits', () => {
    const clock = running()
    expect(huddleAt(clock, T0 + 5 * MIN - 10_001).warning).toBe(false)
    expect(huddleAt(clock, T0 + 5 * MIN - 10_000).warning).toBe(true)
    expect(huddleAt(clock, T0 + 5 * MIN - 1).warning).toBe(true)
    expect(huddleAt(clock, T0 + 5 * MIN).warning).toBe(false)
    const waits = running({ agenda: [{ ...defaultAgenda[0]!, advance: 'therapist' }] })
    expect(huddleAt(waits, T0 + 5 * MIN - 5_000).warning).toBe(false)
  })

  it('adds the extension to the anchor phase only', () => {
    const clock = running({ anchorIndex: 1, anchorStartedAt: T0, extraMs: 2 * MIN })
    expect(huddleAt(clock, T0 + 8 * MIN)).toMatchObject({ phaseIndex: 1, remainingMs: MIN })
    expect(huddleAt(clock, T0 + 9 * MIN)).toMatchObject({
      phaseIndex: 2,
      phaseEndsAt: T0 + 14 * MIN,
    })
  })

  it('freezes at the pause', () => {
    const clock = running({ status: 'paused', pausedAt: T0 + 3 * MIN })
    for (const now of [T0 + 3 * MIN, T0 + 60 * MIN]) {
      expect(huddleAt(clock, now)).toMatchObject({
        status: 'paused',
        phaseIndex: 0,
        remainingMs: 2 * MIN,
        warning: false,
      })
    }
  })

  it('shows no phase before the start and after the end', () => {
    for (const status of ['notStarted', 'ended'] as const) {
      expect(huddleAt(running({ status }), T0)).toEqual({
        status,
        phaseIndex: null,
        phase: null,
        phaseStartedAt: null,
        phaseEndsAt: null,
        remainingMs: 0,
        waitingForTherapist: false,
        warning: false,
        finished: false,
      })
    }
    expect(huddleAt(running({ agenda: [] }), T0).phaseIndex).toBeNull()
  })
})
