// The program's people, through the REST API as the web app uses it: one therapist signs up and adds
// couples to the caseload (`POST /api/couples`), starts each session from the couple
// (`POST /api/couples/:id/sessions {start:true}`) and ends it (`POST /api/sessions/:id/end`, which
// archives the meeting into the couple's document). Each partner accepts a link in their own cookie jar
// (one browser each) and mints a connect token for every board they open, as the web app does.
import type { PartnerRole } from '@session-board/board'
import { Browser, mintConnectToken, postAs } from '../setup.ts'
import type { SetUpReport } from '../setup.ts'

export interface Couple {
  id: string
  partners: Record<PartnerRole, Partner>
}

/** The status an API call answered with, from the set-up helpers' error message. */
const answered = (error: unknown): number =>
  Number(/answered (\d+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? NaN)

export class Clinic {
  readonly therapist = new Browser()
  readonly report: SetUpReport = { requests: 0, ms: 0, limited: 0 }
  readonly base: string

  constructor(httpBase: string) {
    this.base = httpBase.replace(/\/$/, '')
  }

  post<T>(browser: Browser, path: string, body: unknown): Promise<T> {
    return postAs<T>(this.base, browser, path, body, this.report)
  }

  async signUp(): Promise<void> {
    const me = await this.post<{ csrfToken: string }>(this.therapist, '/api/auth/sign-up', {
      email: `bench-program-${Date.now()}@clinic.test`,
      password: 'a long enough bench password',
      displayName: 'Dr. Bench',
    })
    this.therapist.csrfToken = me.csrfToken
  }

  async addCouple(): Promise<Couple> {
    const couple = await this.post<{ id: string }>(this.therapist, '/api/couples', {
      partnerAName: 'Ari',
      partnerBName: 'Bo',
      programStart: '2026-01-05',
      phase: 'skillAdoption',
    })
    return {
      id: couple.id,
      partners: {
        partnerA: new Partner(this, couple.id, 'partnerA'),
        partnerB: new Partner(this, couple.id, 'partnerB'),
      },
    }
  }

  async startSession(couple: Couple): Promise<string> {
    const created = await this.post<{ session: { id: string } }>(
      this.therapist,
      `/api/couples/${couple.id}/sessions`,
      { start: true },
    )
    return created.session.id
  }

  async endSession(sessionId: string): Promise<void> {
    await this.post(this.therapist, `/api/sessions/${sessionId}/end`, {})
  }

  therapistToken(sessionId: string): Promise<string> {
    return mintConnectToken(this.base, this.therapist, sessionId, this.report)
  }
}

/**
 * A partner in their own browser. Their link belongs to the couple; until they hold one whose cookie
 * opens this session (the couple's partner cookie), a link is issued and accepted in the same browser:
 * the couple's partner link where that route exists, else the older link issued for a session.
 */
export class Partner {
  readonly browser = new Browser()
  /** How many links this partner accepted (one, once partner links belong to the couple). */
  linksAccepted = 0
  readonly #clinic: Clinic
  readonly #coupleId: string
  readonly role: PartnerRole

  constructor(clinic: Clinic, coupleId: string, role: PartnerRole) {
    this.#clinic = clinic
    this.#coupleId = coupleId
    this.role = role
  }

  async token(sessionId: string): Promise<string> {
    const clinic = this.#clinic
    try {
      return await mintConnectToken(clinic.base, this.browser, sessionId, clinic.report)
    } catch (error) {
      if (answered(error) !== 401) throw error
    }
    await this.#acceptLink(sessionId)
    return mintConnectToken(clinic.base, this.browser, sessionId, clinic.report)
  }

  async #acceptLink(sessionId: string): Promise<void> {
    const clinic = this.#clinic
    const issue = (path: string, body: unknown) =>
      clinic.post<{ token?: string }>(clinic.therapist, path, body)
    let link: { token?: string }
    try {
      link = await issue(`/api/couples/${this.#coupleId}/invitations`, { role: this.role })
    } catch (error) {
      if (answered(error) !== 404) throw error
      link = await issue('/api/invitations', { sessionId, role: this.role })
    }
    if (!link.token) throw new Error(`set-up: the ${this.role} link came without its token`)
    const accepted = await clinic.post<{ status?: string }>(this.browser, '/api/invitations/accept', {
      token: link.token,
      displayName: this.role === 'partnerA' ? 'Ari' : 'Bo',
      consent: true,
    })
    if (accepted.status === 'awaiting_confirmation')
      throw new Error(`set-up: the ${this.role}'s browser waits for the therapist to confirm it`)
    this.linksAccepted++
  }
}
