import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createBoardDoc } from '../doc.ts'
import { addDays, dayFromNumber, dayNumber } from '../progress/calendar.ts'
import { selectBoard } from '../store.ts'
import { createUndo } from '../undo.ts'
import { COUPLE_PHASES } from './couple.ts'
import type { PhaseSchedule } from './phases.ts'
import {
  DEFAULT_PHASE_SCHEDULE,
  movePhase,
  phaseForWeek,
  phasesMap,
  programWeek,
  selectPhaseSchedule,
} from './phases.ts'

describe("the plan's phases", () => {
  it('starts from the weeks the articles give', () => {
    const doc = createBoardDoc()
    expect(selectPhaseSchedule(doc)).toEqual({
      intake: 0,
      stabilization: 1,
      skillAdoption: 3,
      generalization: 6,
      maintenance: 10,
      aftercare: 16,
    })
    expect(selectBoard(doc).phaseSchedule).toEqual(DEFAULT_PHASE_SCHEDULE)
  })

  it('moves a phase and undoes the move', () => {
    const doc = createBoardDoc()
    const undo = createUndo(doc, { role: 'therapist', captureTimeout: 0 })
    expect(movePhase(doc, 'maintenance', 12)).toBeNull()
    expect(selectPhaseSchedule(doc).maintenance).toBe(12)
    undo.undo()
    expect(selectPhaseSchedule(doc).maintenance).toBe(10)
    undo.destroy()
  })

  it('refuses a move that puts phases out of order, with the reason, writing nothing', () => {
    const doc = createBoardDoc()
    let updates = 0
    doc.on('update', () => updates++)
    expect(movePhase(doc, 'generalization', 3)).toEqual({
      field: 'phases.generalization',
      reason: 'phases.generalization must start after skillAdoption starts.',
    })
    expect(movePhase(doc, 'skillAdoption', 7)?.field).toBe('phases.generalization')
    expect(movePhase(doc, 'intake', 1)?.field).toBe('phases.intake')
    expect(movePhase(doc, 'aftercare', 16.5)?.field).toBe('phases.aftercare')
    expect(movePhase(doc, 'aftercare', 10_000)?.field).toBe('phases.aftercare')
    expect(updates).toBe(0)
  })

  it('reads a stored schedule that is out of order as the defaults', () => {
    const doc = createBoardDoc()
    phasesMap(doc).set('startWeeks', { ...DEFAULT_PHASE_SCHEDULE, maintenance: 2 })
    expect(selectPhaseSchedule(doc)).toEqual(DEFAULT_PHASE_SCHEDULE)
  })

  it('names the phase of each week, counting weeks from the first day', () => {
    const schedule = DEFAULT_PHASE_SCHEDULE
    expect([-1, 0, 1, 2, 3, 5, 6, 9, 10, 15, 16, 40].map((week) => phaseForWeek(schedule, week))).toEqual([
      'intake',
      'intake',
      'stabilization',
      'stabilization',
      'skillAdoption',
      'skillAdoption',
      'generalization',
      'generalization',
      'maintenance',
      'maintenance',
      'aftercare',
      'aftercare',
    ])
    expect(programWeek('2025-01-27', '2025-01-27')).toBe(0)
    expect(programWeek('2025-01-27', '2025-02-02')).toBe(0)
    expect(programWeek('2025-01-27', '2025-02-03')).toBe(1)
    expect(programWeek('2024-02-26', '2024-03-04')).toBe(1)
    expect(programWeek('2025-01-27', '2025-01-26')).toBe(-1)
    expect(programWeek('', '2025-01-27')).toBeNull()
    expect(programWeek('2025-02-30', '2025-03-01')).toBeNull()
  })

  it('counts seven days a week across month ends, leap days and years', () => {
    const day = fc.integer({ min: dayNumber('2000-01-01'), max: dayNumber('2100-12-31') }).map(dayFromNumber)
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 2000 }), (start, days) => {
        const week = programWeek(start, addDays(start, days))
        expect(week).toBe(Math.floor(days / 7))
        expect(programWeek(start, addDays(start, days + 7))).toBe(week! + 1)
      }),
    )
  })

  it('gives every week the one phase whose weeks hold it, for any schedule in order', () => {
    const schedule = fc
      .uniqueArray(fc.integer({ min: 1, max: 520 }), { minLength: 5, maxLength: 5 })
      .map((weeks) => {
        const sorted = [0, ...weeks.sort((a, b) => a - b)]
        return Object.fromEntries(
          COUPLE_PHASES.map((phase, index) => [phase, sorted[index]!]),
        ) as PhaseSchedule
      })
    fc.assert(
      fc.property(schedule, fc.integer({ min: 0, max: 600 }), (weeks, week) => {
        const phase = phaseForWeek(weeks, week)
        expect(week).toBeGreaterThanOrEqual(weeks[phase])
        const next = COUPLE_PHASES[COUPLE_PHASES.indexOf(phase) + 1]
        if (next) expect(week).toBeLessThan(weeks[next])
      }),
    )
  })

  it('accepts a move exactly when the phase still starts after the one before and before the one after', () => {
    const movable = fc.constantFrom(...COUPLE_PHASES.slice(1))
    fc.assert(
      fc.property(movable, fc.integer({ min: 0, max: 30 }), (phase, week) => {
        const doc = createBoardDoc()
        const index = COUPLE_PHASES.indexOf(phase)
        const before = DEFAULT_PHASE_SCHEDULE[COUPLE_PHASES[index - 1]!]
        const after = COUPLE_PHASES[index + 1]
        const fits = week > before && (!after || week < DEFAULT_PHASE_SCHEDULE[after])
        expect(movePhase(doc, phase, week) === null).toBe(fits)
        expect(selectPhaseSchedule(doc)[phase]).toBe(fits ? week : DEFAULT_PHASE_SCHEDULE[phase])
      }),
    )
  })
})
