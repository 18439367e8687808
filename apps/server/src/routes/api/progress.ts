import type { Metric } from '@session-board/board'
import {
  DIALS,
  DIAL_METRICS,
  METRIC_DOMAINS,
  METRIC_MENU,
  addDays,
  checkEntry,
  isCalendarDay,
} from '@session-board/board'
import { apiErrorSchema, coupleParamsSchema } from '@session-board/protocol'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { LOGIN_COOKIE } from '../../access/cookies.ts'
import type { CoupleRow } from '../../access/couples.ts'
import type { EntryReader, LoggedEntry, PartnerPerson } from '../../access/progress.ts'
import { limitBody } from './bodyLimits.ts'
import type { SessionPerson } from './guards.ts'
import { sameOriginChanges, scopePerson } from './guards.ts'
import { body, describe, fail, notFound, params, query } from './validation.ts'

/** What an offline phone may send at once. */
const MAX_BATCH = 100
/**
 * A full batch at worst: each entry about 2 KiB when its note (280 characters) is all escaped control
 * characters. Above the API's default limit, so these routes are mounted before it.
 */
const BATCH_BODY_LIMIT = 256 * 1024
/** The longest stretch of days one request reads: a year of charts, and a little more. */
const MAX_WINDOW_DAYS = 400

/**
 * Until the plan holds the couple's chosen metrics, an entry's metric is one of the menu's or a dial.
 */
const KNOWN_METRICS = new Map<string, Metric>(
  [
    ...METRIC_DOMAINS.flatMap((domain) => METRIC_MENU[domain]),
    ...DIALS.map((dial) => DIAL_METRICS[dial]),
  ].map((metric) => [metric.id, metric]),
)

const batchSchema = z.strictObject({
  entries: z
    .array(z.unknown())
    .min(1, 'A batch holds at least one entry.')
    .max(MAX_BATCH, `A batch holds at most ${MAX_BATCH} entries; send the rest in another.`),
})
const windowSchema = z.object({ from: z.string(), to: z.string() })

const storedSchema = z.object({
  entries: z.array(z.object({ id: z.string(), status: z.enum(['stored', 'already stored']) })),
})
const entryListSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      metricId: z.string(),
      partner: z.enum(['partnerA', 'partnerB', 'couple']),
      day: z.string(),
      loggedAt: z.number(),
      utcOffsetMinutes: z.number(),
      value: z.number(),
      privacy: z.enum(['shared', 'therapist']),
      note: z.string().optional(),
    }),
  ),
})

/**
 * The couple's therapist or one of its partners. Another therapist's couple is not there for them, as
 * on the couple's page; an observer comes to one session and has no say between sessions.
 */
function askingPerson(access: Access, c: Context, couple: CoupleRow): SessionPerson {
  const cookie = getCookie(c, LOGIN_COOKIE)
  const login = cookie ? access.accounts.loginByCookie(cookie) : null
  if (login && login.therapistId !== couple.therapistId) notFound()
  return scopePerson(access, c, { id: couple.id, couple, session: null })
}

/** The partner asking, or a 403 for the therapist or an observer. */
function partnerOf(person: SessionPerson): PartnerPerson {
  if (person.kind === 'participant' && person.role !== 'observer') {
    return { role: person.role, personId: person.personId }
  }
  return fail(403, 'partners_only', 'Only the partners log progress; their therapist reads it.')
}

/** Each entry checked against its metric; the first problem refuses the batch, naming the entry by place. */
function checkBatch(raw: readonly unknown[], partner: PartnerPerson): LoggedEntry[] {
  return raw.map((entry, index) => {
    const refuse = (status: 403 | 422, code: string, reason: string): never =>
      fail(status, code, `Nothing of this batch was stored. Entry ${index + 1}: ${reason}`)
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}
    // The unknown id is not repeated back: it came from the phone, not from the plan.
    const metric = typeof fields.metricId === 'string' ? KNOWN_METRICS.get(fields.metricId) : undefined
    if (!metric) return refuse(422, 'unknown_metric', 'entry.metricId names no metric of this plan.')
    const problem = checkEntry(entry, metric)
    if (problem) return refuse(422, 'invalid_entry', problem.reason)
    const checked = entry as LoggedEntry
    if (checked.partner !== partner.role && checked.partner !== 'couple') {
      return refuse(403, 'not_yours', 'each partner logs only for themselves, or for the two of them.')
    }
    return { ...checked, loggedBy: partner.personId }
  })
}

/** Progress entries: partners log them from their phones; the therapist and the partners read them. */
export function progressRoutes(access: Access) {
  const { couples, progress, audit } = access
  return new Hono()
    .post(
      '/:coupleId/entries',
      describe('A partner logs progress entries, each stored once however often it is sent', 'progress', {
        200: storedSchema,
        401: apiErrorSchema,
        403: apiErrorSchema,
        404: apiErrorSchema,
        409: apiErrorSchema,
        422: apiErrorSchema,
      }),
      limitBody(BATCH_BODY_LIMIT),
      sameOriginChanges(access),
      params(coupleParamsSchema),
      body(batchSchema),
      (c) => {
        const couple = couples.byId(c.req.valid('param').coupleId) ?? notFound()
        const partner = partnerOf(askingPerson(access, c, couple))
        const entries = checkBatch(c.req.valid('json').entries, partner)
        const result = progress.storeBatch(couple.id, entries)
        if ('takenIndex' in result) {
          return fail(
            409,
            'entry_id_taken',
            `Entry ${result.takenIndex + 1} has the id of another entry already stored, so this batch was not stored.`,
          )
        }
        const stored = entries.filter((_, index) => result.outcomes[index] === 'stored')
        for (const entry of stored) {
          // By ids only: a value or a note is the couple's own and never enters the trail.
          audit.record({
            action: 'progress_logged',
            sessionId: couple.id,
            actorRole: partner.role,
            actorId: partner.personId,
            subjectId: entry.id,
            detail: entry.metricId,
          })
        }
        const answer = entries.map((entry, index) => ({ id: entry.id, status: result.outcomes[index]! }))
        return c.json({ entries: answer }, 200)
      },
    )
    .get(
      '/:coupleId/entries',
      describe('The couple’s entries from one day to another, as far as the asker may see them', 'progress', {
        200: entryListSchema,
        400: apiErrorSchema,
        401: apiErrorSchema,
        404: apiErrorSchema,
      }),
      params(coupleParamsSchema),
      query(windowSchema),
      (c) => {
        const couple = couples.byId(c.req.valid('param').coupleId) ?? notFound()
        const person = askingPerson(access, c, couple)
        const { from, to } = c.req.valid('query')
        for (const [name, day] of [
          ['from', from],
          ['to', to],
        ] as const) {
          if (!isCalendarDay(day))
            fail(
              400,
              'invalid_request',
              `${name} must be a real date written YYYY-MM-DD, such as 2026-03-01.`,
            )
        }
        if (to < from) fail(400, 'invalid_request', 'to must be the same day as from, or later.')
        if (to > addDays(from, MAX_WINDOW_DAYS - 1)) {
          fail(400, 'invalid_request', `Ask for at most ${MAX_WINDOW_DAYS} days at a time.`)
        }
        const reader: EntryReader = person.kind === 'login' ? { role: 'therapist' } : partnerOf(person)
        return c.json({ entries: progress.inWindow(couple.id, from, to, reader) }, 200)
      },
    )
}
