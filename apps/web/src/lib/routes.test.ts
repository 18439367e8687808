import { describe, expect, it } from 'vitest'
import { coupleProgressPath, couplePath, monthlyReviewPath, readRoute } from './routes.ts'

describe('the app’s addresses', () => {
  it('opens a couple’s page from its address, and round-trips the address it makes', () => {
    expect(readRoute('/couples/cpl_abc123')).toEqual({ page: 'couple', coupleId: 'cpl_abc123' })
    expect(readRoute(couplePath('cpl_abc123') + '/')).toEqual({ page: 'couple', coupleId: 'cpl_abc123' })
  })

  it('says so plainly when a couple’s address is not one', () => {
    const route = readRoute('/couples/ses_abc123')
    expect(route.page).toBe('not-found')
    expect(route).toHaveProperty('reason', expect.stringContaining('couple’s address'))
  })

  it('has a partner’s own plan page at /plan, beside the board and the caseload', () => {
    expect(readRoute('/plan')).toEqual({ page: 'plan' })
    expect(readRoute('/dashboard')).toEqual({ page: 'dashboard' })
    expect(readRoute('/s/ses_abc123')).toEqual({ page: 'board', sessionId: 'ses_abc123' })
  })

  it('has the progress pages: logging and the partner’s view, the therapist’s view and monthly review', () => {
    expect(readRoute('/log')).toEqual({ page: 'log' })
    expect(readRoute('/plan/progress')).toEqual({ page: 'plan-progress' })
    expect(readRoute(coupleProgressPath('cpl_abc123'))).toEqual({
      page: 'couple-progress',
      coupleId: 'cpl_abc123',
    })
    expect(readRoute(monthlyReviewPath('cpl_abc123', '2026-03'))).toEqual({
      page: 'monthly-review',
      coupleId: 'cpl_abc123',
      month: '2026-03',
    })
    expect(readRoute('/couples/cpl_abc123/review/2026-13')).toHaveProperty(
      'reason',
      expect.stringContaining('ends in a month'),
    )
  })
})
