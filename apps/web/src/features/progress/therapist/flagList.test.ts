import { describe, expect, it } from 'vitest'
import type { FlagRecord } from '@session-board/protocol'
import type { ShownFlag } from './flagList.ts'
import { applyAlert, flagAnnouncement, mergeLoaded, metricTitle } from './flagList.ts'

const flag = (id: string, raisedAt: number, level: FlagRecord['level'] = 'yellow'): FlagRecord => ({
  id,
  entryId: `entry_${id}`,
  metricId: 'dial:safety',
  partner: 'partnerB',
  level,
  day: '2026-12-03',
  raisedAt,
  response: level === 'red' ? 'We take a time-out and call the clinic line.' : null,
  acknowledgedAt: null,
})
const shown = (record: FlagRecord, coupleId = 'cpl_one'): ShownFlag => ({ ...record, coupleId })

describe('the live flag list', () => {
  it('puts a flag that arrives live at the top', () => {
    const list = [shown(flag('a', 100))]
    const next = applyAlert(list, { kind: 'flag', coupleId: 'cpl_one', flag: flag('b', 200, 'red') })
    expect(next.map((item) => item.id)).toEqual(['b', 'a'])
  })

  it('shows a flag once when it arrives both from the load and from the stream', () => {
    let list = applyAlert([], { kind: 'flag', coupleId: 'cpl_one', flag: flag('a', 100) })
    list = applyAlert(list, { kind: 'flag', coupleId: 'cpl_one', flag: flag('a', 100) })
    list = mergeLoaded([shown(flag('a', 100))], list)
    expect(list).toHaveLength(1)
  })

  it('marks a flag seen when it is acknowledged elsewhere, and keeps it seen when an old copy arrives', () => {
    let list = applyAlert([shown(flag('a', 100))], {
      kind: 'acknowledged',
      coupleId: 'cpl_one',
      flagId: 'a',
      at: 500,
    })
    expect(list[0]?.acknowledgedAt).toBe(500)
    list = applyAlert(list, { kind: 'flag', coupleId: 'cpl_one', flag: flag('a', 100) })
    expect(list[0]?.acknowledgedAt).toBe(500)
  })

  it('leaves another couple’s events to their own page', () => {
    const list = [shown(flag('a', 100))]
    const next = applyAlert(list, { kind: 'flag', coupleId: 'cpl_two', flag: flag('b', 200) }, 'cpl_one')
    expect(next).toBe(list)
  })

  it('keeps what the stream said while a reload was on its way', () => {
    const held = applyAlert([], { kind: 'flag', coupleId: 'cpl_two', flag: flag('late', 300, 'red') })
    const loaded = [shown(flag('a', 100)), shown(flag('b', 200))]
    expect(mergeLoaded(loaded, held).map((item) => item.id)).toEqual(['late', 'b', 'a'])
  })
})

describe('a flag as the therapist hears it', () => {
  it('names the metric, the partner, the day and the agreed response', () => {
    const text = flagAnnouncement(shown(flag('a', 100, 'red')), metricTitle('dial:safety'), {
      partnerA: 'Sam',
      partnerB: 'Robin',
    })
    expect(text).toContain('Red flag: Safety')
    expect(text).toContain('Robin')
    expect(text).toMatch(/December/)
    expect(text).toContain('We take a time-out and call the clinic line.')
  })

  it('uses the plan’s own title for a metric of the couple’s own', () => {
    expect(metricTitle('metric_x', [{ id: 'metric_x', title: 'Evening check-in' }])).toBe('Evening check-in')
    expect(metricTitle('metric_x')).toBe('A metric of their own')
  })
})
