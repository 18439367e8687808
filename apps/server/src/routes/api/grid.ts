import type { Scores } from '@session-board/board'
import { clearGridReveal, selectScores, writeGridReveal } from '@session-board/board'
import { apiErrorSchema, sessionParamsSchema } from '@session-board/protocol'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Access } from '../../access/context.ts'
import { scoresDocument } from '../../access/scope.ts'
import { refuseParticipants, requireTherapist } from './guards.ts'
import { describe, notFound, params } from './validation.ts'

const gridRevealSchema = z.object({ revealedAt: z.number().nullable() })

/**
 * The decision grid's reveal: the server copies both partners' private scores into the shared board
 * (`grid.revealed`, which no client may write), or takes them out again. Until then each partner's
 * scores exist only in their own document, which nobody else's connection receives.
 */
export function gridRoutes(access: Access) {
  const { sessions, audit, registry, now } = access
  const responses = { 200: gridRevealSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema }

  const readScores = async (coupleId: string, partner: 'partnerA' | 'partnerB'): Promise<Scores> => {
    let scores: Scores = {}
    // A write that changes nothing: it only reads the document, loading it first if nobody is in it.
    await registry.write(scoresDocument(coupleId, partner), (doc) => {
      scores = selectScores(doc)
    })
    return scores
  }

  // Mounted under /sessions beside the session routes: the guards go on each route, not on the whole
  // prefix, so the partners' own calls there (connect tokens) are not affected.
  return new Hono()
    .post(
      '/:sessionId/grid/reveal',
      describe('Reveal both partners’ decision-grid scores to everyone in the session', 'grid', responses),
      params(sessionParamsSchema),
      refuseParticipants(access, 'Only the therapist can reveal or hide the partners’ grid scores.'),
      requireTherapist(access),
      async (c) => {
        const therapistId = c.get('therapist').id
        const session = (await sessions.ownedBy(c.req.valid('param').sessionId, therapistId)) ?? notFound()
        const [partnerA, partnerB] = await Promise.all([
          readScores(session.coupleId, 'partnerA'),
          readScores(session.coupleId, 'partnerB'),
        ])
        const revealedAt = now()
        await registry.write(session.coupleId, (doc) =>
          writeGridReveal(doc, { partnerA, partnerB }, revealedAt),
        )
        audit.record({
          action: 'grid_revealed',
          sessionId: session.id,
          actorRole: 'therapist',
          actorId: therapistId,
        })
        return c.json({ revealedAt }, 200)
      },
    )
    .post(
      '/:sessionId/grid/hide',
      describe('Hide the decision-grid scores again (each partner keeps their own)', 'grid', responses),
      params(sessionParamsSchema),
      refuseParticipants(access, 'Only the therapist can reveal or hide the partners’ grid scores.'),
      requireTherapist(access),
      async (c) => {
        const therapistId = c.get('therapist').id
        const session = (await sessions.ownedBy(c.req.valid('param').sessionId, therapistId)) ?? notFound()
        await registry.write(session.coupleId, (doc) => clearGridReveal(doc))
        audit.record({
          action: 'grid_hidden',
          sessionId: session.id,
          actorRole: 'therapist',
          actorId: therapistId,
        })
        return c.json({ revealedAt: null }, 200)
      },
    )
}
