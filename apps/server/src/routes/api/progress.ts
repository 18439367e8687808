import type { BoardDoc, Metric } from '@session-board/board'
import { addDays, checkEntry, isCalendarDay, metricsOfPlan, selectMetrics } from '@session-board/board'
import {
  apiErrorSchema,
  coupleParamsSchema,
  entryListSchema,
  flagListSchema,
  flagParamsSchema,
  flagRecordSchema,
  storedEntriesSchema,
} from '@session-board/protocol'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { LOGIN_COOKIE } from '../../access/cookies.ts'
import type { CoupleRow } from '../../access/couples.ts'
import type { EntryReader, LoggedEntry, PartnerPerson } from '../../access/progress.ts'
import { BODY_LIMITS, limitBody } from './bodyLimits.ts'
import type { SessionPerson } from './guards.ts'
import { requireTherapist, sameOriginChanges, scopePerson } from './guards.ts'
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
 * The metrics entries may be logged for: what every plan has (the dials, the week's effort and impact,
 * the journal) and the metrics the couple chose into their plan (a dial in the plan carries the
 * couple's own lines and responses). Reading the plan loads it if nobody has it open, and the registry
 * lets it go again once idle.
 */
async function planMetrics(access: Access, coupleId: string): Promise<Map<string, Metric>> {
  let metrics: Metric[] = []
  // A write that changes nothing: it only reads the document.
  await access.registry.write(coupleId, (doc: BoardDoc) => {
    metrics = metricsOfPlan(selectMetrics(doc))
  })
  return new Map(metrics.map((metric) => [metric.id, metric]))
}

const batchSchema = z.strictObject({
  entries: z
    .array(z.unknown())
    .min(1, 'A batch holds at least one entry.')
    .max(MAX_BATCH, `A batch holds at most ${MAX_BATCH} entries; send the rest in another.`),
})
const windowSchema = z.object({ from: z.string(), to: z.string() })

/**
 * The couple's therapist or one of its partners. Another therapist's couple is not there for them, as
 * on the couple's page; an observer comes to one session and has no say between sessions.
 */
async function askingPerson(access: Access, c: Context, couple: CoupleRow): Promise<SessionPerson> {
  const cookie = getCookie(c, LOGIN_COOKIE)
  const login = cookie ? await access.accounts.loginByCookie(cookie) : null
  if (login && login.therapistId !== couple.therapistId) notFound()
  return await scopePerson(access, c, { id: couple.id, couple, session: null })
}

/** The partner asking, or a 403 for the therapist or an observer. */
function partnerOf(person: SessionPerson): PartnerPerson {
  if (person.kind === 'participant' && person.role !== 'observer') {
    return { role: person.role, personId: person.personId }
  }
  return fail(403, 'partners_only', 'Only the partners log progress; their therapist reads it.')
}

/** Each entry checked against its metric; the first problem refuses the batch, naming the entry by place. */
function checkBatch(
  raw: readonly unknown[],
  partner: PartnerPerson,
  metrics: ReadonlyMap<string, Metric>,
): LoggedEntry[] {
  return raw.map((entry, index) => {
    const refuse = (status: 403 | 422, code: string, reason: string): never =>
      fail(status, code, `Nothing of this batch was stored. Entry ${index + 1}: ${reason}`)
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}
    // The unknown id is not repeated back: it came from the phone, not from the plan.
    const metric = typeof fields.metricId === 'string' ? metrics.get(fields.metricId) : undefined
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

/** `from` and `to` as a window of days to read, or a 400 saying what is wrong with them. */
function checkWindow(from: string, to: string): void {
  for (const [name, day] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isCalendarDay(day))
      fail(400, 'invalid_request', `${name} must be a real date written YYYY-MM-DD, such as 2026-03-01.`)
  }
  if (to < from) fail(400, 'invalid_request', 'to must be the same day as from, or later.')
  if (to > addDays(from, MAX_WINDOW_DAYS - 1)) {
    fail(400, 'invalid_request', `Ask for at most ${MAX_WINDOW_DAYS} days at a time.`)
  }
}

const readerOf = (person: SessionPerson): EntryReader =>
  person.kind === 'login' ? { role: 'therapist' } : partnerOf(person)

/** A read of the couple's days: the couple (404 if not the asker's), who reads, and a checked window. */
async function readingWindow(
  access: Access,
  c: Context,
  coupleId: string,
  window: { from: string; to: string },
) {
  const couple = (await access.couples.byId(coupleId)) ?? notFound()
  const reader = readerOf(await askingPerson(access, c, couple))
  checkWindow(window.from, window.to)
  return { coupleId: couple.id, reader, ...window }
}

/**
 * Progress entries and the flags they raise: partners log entries from their phones; the therapist
 * and the partners read them; the therapist acknowledges flags.
 */
export function progressRoutes(access: Access) {
  const { couples, progress, flags, alerts, audit } = access
  return new Hono()
    .post(
      '/:coupleId/entries',
      describe('A partner logs progress entries, each stored once however often it is sent', 'progress', {
        200: storedEntriesSchema,
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
      async (c) => {
        const couple = (await couples.byId(c.req.valid('param').coupleId)) ?? notFound()
        const partner = partnerOf(await askingPerson(access, c, couple))
        const metrics = await planMetrics(access, couple.id)
        const entries = checkBatch(c.req.valid('json').entries, partner, metrics)
        const result = await progress.storeBatch(couple.id, entries, metrics)
        if ('takenIndex' in result) {
          return fail(
            409,
            'entry_id_taken',
            `Entry ${result.takenIndex + 1} has the id of another entry already stored, so this batch was not stored.`,
          )
        }
        const by = { sessionId: couple.id, actorRole: partner.role, actorId: partner.personId }
        for (const [index, entry] of entries.entries()) {
          const outcome = result.outcomes[index]
          if (outcome?.status !== 'stored') continue
          // By ids only: a value, a note or a response is the couple's own and never enters the trail.
          audit.record({ action: 'progress_logged', ...by, subjectId: entry.id, detail: entry.metricId })
          if (!outcome.flag) continue
          audit.record({ action: 'flag_raised', ...by, subjectId: outcome.flag.id, detail: entry.metricId })
          alerts.publish(couple.therapistId, { kind: 'flag', coupleId: couple.id, flag: outcome.flag })
        }
        const answer = entries.map((entry, index) => {
          const { status, flag } = result.outcomes[index]!
          if (!flag) return { id: entry.id, status }
          const { id, level, metricId, response } = flag
          return { id: entry.id, status, flag: { id, level, metricId, response } }
        })
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
      async (c) => {
        const asked = await readingWindow(access, c, c.req.valid('param').coupleId, c.req.valid('query'))
        const { coupleId, from, to, reader } = asked
        return c.json({ entries: await progress.inWindow(coupleId, from, to, reader) }, 200)
      },
    )
    .get(
      '/:coupleId/flags',
      describe('The flags the couple’s entries raised, each as private as its entry', 'progress', {
        200: flagListSchema,
        400: apiErrorSchema,
        401: apiErrorSchema,
        404: apiErrorSchema,
      }),
      params(coupleParamsSchema),
      query(windowSchema),
      async (c) => {
        const asked = await readingWindow(access, c, c.req.valid('param').coupleId, c.req.valid('query'))
        const { coupleId, from, to, reader } = asked
        return c.json({ flags: await flags.inWindow(coupleId, from, to, reader) }, 200)
      },
    )
    .post(
      '/:coupleId/flags/:flagId/acknowledge',
      describe('The therapist acknowledges a flag (again is harmless)', 'progress', {
        200: flagRecordSchema,
        401: apiErrorSchema,
        403: apiErrorSchema,
        404: apiErrorSchema,
      }),
      limitBody(BODY_LIMITS.default),
      sameOriginChanges(access),
      requireTherapist(access),
      params(flagParamsSchema),
      async (c) => {
        const { coupleId, flagId } = c.req.valid('param')
        const therapist = c.get('therapist')
        const couple = (await couples.ownedBy(coupleId, therapist.id)) ?? notFound()
        const acknowledged = (await flags.acknowledge(couple.id, flagId, therapist.id)) ?? notFound()
        if (acknowledged.changed) {
          audit.record({
            action: 'flag_acknowledged',
            sessionId: couple.id,
            actorRole: 'therapist',
            actorId: therapist.id,
            subjectId: flagId,
            detail: acknowledged.flag.metricId,
          })
          alerts.publish(therapist.id, { kind: 'acknowledged', coupleId: couple.id, flagId })
        }
        return c.json(acknowledged.flag, 200)
      },
    )
}
