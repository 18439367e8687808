import { apiErrorSchema, sessionParamsSchema } from '@session-board/protocol'
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { Access } from '../../access/context.ts'
import type { SessionRow } from '../../access/sessions.ts'
import { buildSummary } from '../../summary/buildSummary.ts'
import { renderMarkdown } from '../../summary/renderMarkdown.ts'
import { PdfRenderer, SummaryRenderError } from '../../summary/pdfRenderer.ts'
import type { SessionSummary } from '../../summary/sessionSummary.ts'
import { summaryFileName } from '../../summary/wording.ts'
import type { TherapistVars } from './guards.ts'
import { refuseParticipants, requireTherapist } from './guards.ts'
import { describe, fail, notFound, params } from './validation.ts'

/** The end-of-session summary, for the therapist who runs the session: as JSON, Markdown or PDF. */
export function summaryRoutes(access: Access) {
  const { sessions, audit, log } = access
  const pdfRenderer = new PdfRenderer({ timeoutMs: access.config.summaryTimeoutMs })
  const guards = [
    refuseParticipants(access, 'Only the session’s therapist can see and export its summary.'),
    requireTherapist(access),
  ] as const
  const owned = async (c: Context<{ Variables: TherapistVars }>, sessionId: string): Promise<SessionRow> =>
    (await sessions.ownedBy(sessionId, c.get('therapist').id)) ?? notFound()
  // `detail` is the format, or `pdf:<code>` for an export that failed (no file was handed out).
  const exported = (session: SessionRow, detail: 'pdf' | 'md' | `pdf:${string}`) =>
    audit.record({
      action: 'summary_exported',
      sessionId: session.id,
      actorRole: 'therapist',
      actorId: session.therapistId,
      detail,
    })
  const renderPdf = async (session: SessionRow, summary: SessionSummary) => {
    try {
      return await pdfRenderer.render(summary)
    } catch (error) {
      const failure = error instanceof SummaryRenderError ? error : new SummaryRenderError('summary_failed')
      exported(session, `pdf:${failure.code}`)
      log.warn('summary.pdf_failed', {
        sessionId: session.id,
        code: failure.code,
        kind: failure.kind ?? undefined,
      })
      if (failure.code === 'summary_timeout')
        fail(
          503,
          'summary_timeout',
          'The summary took too long to render; please try again or shorten very long entries.',
        )
      return fail(
        500,
        'summary_failed',
        'The summary could not be rendered as PDF; please try again, or export it as Markdown.',
      )
    }
  }
  const download = (c: Context, fileName: string, type: string) => {
    c.header('content-type', type)
    c.header('content-disposition', `attachment; filename="${fileName}"`)
    c.header('cache-control', 'no-store')
  }
  const refusals = { 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema }

  // Mounted under /sessions beside the session routes: the guards go on each route, not on the
  // whole prefix, so the partners' own calls there (connect tokens) are not affected.
  return new Hono()
    .get(
      '/:sessionId/summary',
      describe('The session’s summary, for the therapist’s preview', 'summary', {
        200: 'The summary as JSON',
        ...refusals,
      }),
      ...guards,
      params(sessionParamsSchema),
      async (c) => {
        const session = await owned(c, c.req.valid('param').sessionId)
        c.header('cache-control', 'no-store')
        return c.json(await buildSummary(access, session), 200)
      },
    )
    .get(
      '/:sessionId/summary.md',
      describe('Export the session’s summary as Markdown (recorded in the audit trail)', 'summary', {
        200: 'text/markdown',
        ...refusals,
      }),
      ...guards,
      params(sessionParamsSchema),
      async (c) => {
        const session = await owned(c, c.req.valid('param').sessionId)
        const summary = await buildSummary(access, session)
        const markdown = renderMarkdown(summary)
        exported(session, 'md')
        download(c, summaryFileName(summary, 'md'), 'text/markdown; charset=utf-8')
        return c.body(markdown, 200)
      },
    )
    .get(
      '/:sessionId/summary.pdf',
      describe('Export the session’s summary as PDF (recorded in the audit trail)', 'summary', {
        200: 'application/pdf',
        ...refusals,
        500: apiErrorSchema,
        503: apiErrorSchema,
      }),
      ...guards,
      params(sessionParamsSchema),
      async (c) => {
        const session = await owned(c, c.req.valid('param').sessionId)
        const summary = await buildSummary(access, session)
        const pdf = await renderPdf(session, summary)
        exported(session, 'pdf')
        download(c, summaryFileName(summary, 'pdf'), 'application/pdf')
        return c.body(pdf, 200)
      },
    )
}
