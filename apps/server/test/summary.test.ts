import {
  addCard,
  addExperiment,
  addGoal,
  selectExperiment,
  selectGoals,
  setConsent,
} from '@session-board/board'
import { auditListSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, pdfText, waitForDoc } from './helpers.ts'
import { openRoom, startSecureServer } from './access/people.ts'
import { RawPeer } from './access/rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('the session summary', () => {
  it('exports the board as Markdown and PDF for the therapist, records it, and refuses a partner', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, {
      title: 'Week 3 with Ari and Bo',
      partnerAName: 'Ari',
      partnerBName: 'Bo',
    })
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const partnerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())

    // Written as the partners' boards write them: each partner consents for themselves only.
    let walkId = ''
    let dinnerId = ''
    partnerA.write((doc) => {
      walkId = addGoal(doc, { title: 'Walk together on Sundays', reviewDate: '2099-02-01' })
      dinnerId = addGoal(doc, { title: 'Phone-free dinners' })
    })
    await waitForDoc(partnerB.doc, () => selectGoals(partnerB.doc).length === 2, 'the goals')
    partnerA.write((doc) => setConsent(doc, walkId, 'partnerA', true))
    partnerB.write((doc) => setConsent(doc, walkId, 'partnerB', true))
    partnerA.write((doc) => setConsent(doc, dinnerId, 'partnerA', true))
    partnerB.write((doc) => addCard(doc, { text: 'Morning coffee together', column: 'keep' }))
    partnerA.write((doc) => addCard(doc, { text: 'Interrupting', column: 'stop' }))
    partnerA.write((doc) =>
      addExperiment(doc, {
        condition: 'we start to raise our voices',
        action: 'we pause for a ten-minute walk',
        owner: 'both',
        reviewDate: '2099-01-10',
      }),
    )
    await waitForDoc(
      therapist.doc,
      () =>
        selectExperiment(therapist.doc) !== null &&
        therapist.doc.getMap('cards').size === 2 &&
        selectGoals(therapist.doc).some((goal) => goal.willing.partnerA && goal.willing.partnerB) &&
        selectGoals(therapist.doc).some((goal) => goal.willing.partnerA && !goal.willing.partnerB),
      'every write on the server',
    )

    const base = `/api/sessions/${room.sessionId}`
    const browser = room.therapist.browser

    const preview = await browser.json<{
      title: string
      nextReview: string | null
      grid: unknown
      attendees: { role: string; name: string; joined: boolean }[]
    }>('GET', `${base}/summary`)
    expect(preview.title).toBe('Week 3 with Ari and Bo')
    // Both partners came, under the couple's names; the observer never opened the board.
    expect(preview.attendees).toEqual([
      { role: 'therapist', name: 'Dr. Test', joined: true },
      { role: 'partnerA', name: 'Ari', joined: true },
      { role: 'partnerB', name: 'Bo', joined: true },
    ])
    expect(preview.nextReview).toBe('2099-01-10')
    expect(preview.grid).toBeNull()

    const md = await browser.request('GET', `${base}/summary.md`)
    expect(md.status).toBe(200)
    expect(md.headers.get('content-type')).toMatch(/^text\/markdown/)
    expect(md.headers.get('cache-control')).toBe('no-store')
    const markdown = await md.text()
    expect(markdown).toContain('# Week 3 with Ari and Bo')
    expect(markdown).toContain('**Walk together on Sundays**: Agreed by both')
    expect(markdown).toContain('**Phone-free dinners**: Waiting for Bo')
    expect(markdown).toContain('Morning coffee together')
    expect(markdown).toContain('If we start to raise our voices, then we pause for a ten-minute walk.')
    expect(markdown).toContain('Who: Ari and Bo')

    const pdfResponse = await browser.request('GET', `${base}/summary.pdf`)
    expect(pdfResponse.status).toBe(200)
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf')
    expect(pdfResponse.headers.get('cache-control')).toBe('no-store')
    expect(pdfResponse.headers.get('content-disposition')).toMatch(
      /^attachment; filename="session-summary-\d{4}-\d{2}-\d{2}\.pdf"$/,
    )
    const pdf = new Uint8Array(await pdfResponse.arrayBuffer())
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-')
    const text = await pdfText(cleanup, pdf)
    expect(text).toContain('Week 3 with Ari and Bo')
    expect(text).toMatch(/Walk together on Sundays Agreed by both/)
    expect(text).toMatch(/Phone-free dinners Waiting for Bo/)
    expect(text).toContain('Morning coffee together')
    expect(text).toContain('If we start to raise our voices, then we pause for a ten-minute walk.')

    // A partner is told plainly; nothing is exported for them.
    for (const path of ['summary', 'summary.md', 'summary.pdf']) {
      const refused = await room.partnerA.browser.request('GET', `${base}/${path}`)
      expect(refused.status).toBe(403)
      expect(await refused.json()).toMatchObject({ code: 'therapist_only' })
    }
    const observer = await room.observer.browser.request('GET', `${base}/summary.pdf`)
    expect(observer.status).toBe(403)
    // The partner's own calls under /sessions still work.
    expect(
      (await room.partnerA.browser.request('POST', `${base}/connect-token`, { target: 'board' })).status,
    ).toBe(200)

    const trail = await browser.json('GET', `/api/audit/${room.sessionId}`, undefined, auditListSchema)
    const exports = trail.entries.filter((entry) => entry.action === 'summary_exported')
    expect(exports.map((entry) => entry.detail)).toEqual(['md', 'pdf'])
    expect(exports.every((entry) => entry.actorRole === 'therapist')).toBe(true)
  })
})
