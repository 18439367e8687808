import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'

/**
 * Signed tokens: base64url(JSON payload) "." base64url(HMAC-SHA256). The `typ` field keeps an
 * invitation token from being used as a connect token and the other way round.
 */
const invitePayload = z.object({
  typ: z.literal('invite'),
  iid: z.string(),
  sid: z.string(),
  role: z.enum(['partnerA', 'partnerB', 'observer']),
  exp: z.number(),
})
const connectPayload = z.object({
  typ: z.literal('connect'),
  sid: z.string(),
  doc: z.enum(['board', 'notes', 'scores']),
  /** 'login' for a therapist (sub = login id), 'participant' for an invitee (sub = participant id). */
  kind: z.enum(['login', 'participant']),
  sub: z.string(),
  exp: z.number(),
})
export type InvitePayload = z.infer<typeof invitePayload>
export type ConnectPayload = z.infer<typeof connectPayload>

export type TokenCheck<T> = { ok: true; payload: T } | { ok: false; problem: 'forged' | 'expired' }

export class TokenSigner {
  #secret: Buffer
  constructor(secret: Buffer) {
    this.#secret = secret
  }

  sign(payload: InvitePayload | ConnectPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
    return `${body}.${this.#mac(body)}`
  }

  verifyInvite(token: string, now: number): TokenCheck<InvitePayload> {
    return this.#verify(token, invitePayload, now)
  }

  verifyConnect(token: string, now: number): TokenCheck<ConnectPayload> {
    return this.#verify(token, connectPayload, now)
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url')
  }

  #verify<T extends { exp: number }>(token: string, schema: z.ZodType<T>, now: number): TokenCheck<T> {
    const [body, mac, extra] = token.split('.')
    if (!body || !mac || extra !== undefined) return { ok: false, problem: 'forged' }
    const expected = Buffer.from(this.#mac(body))
    const given = Buffer.from(mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return { ok: false, problem: 'forged' }
    }
    let parsed
    try {
      parsed = schema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')))
    } catch {
      return { ok: false, problem: 'forged' }
    }
    if (!parsed.success) return { ok: false, problem: 'forged' }
    if (parsed.data.exp <= now) return { ok: false, problem: 'expired' }
    return { ok: true, payload: parsed.data }
  }
}

/** A random id for a record, e.g. `ses_…`; 96 bits. */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`
}

/** A random secret for a cookie (256 bits); the server keeps only its hash. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
