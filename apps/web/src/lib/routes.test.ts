import { describe, expect, it } from 'vitest'
import { couplePath, readRoute } from './routes.ts'

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
})
