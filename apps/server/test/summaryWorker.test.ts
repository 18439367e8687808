import { addCard, addGoal } from '@session-board/board'
import { auditListSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { breakLongWords } from '../src/summary/breakLongWords.ts'
import { changeStoredBoard, createCleanup, makeTempDir, pdfText, waitForDoc } from './helpers.ts'
import { openRoom, startSecureServer } from './access/people.ts'
import { RawPeer } from './access/rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

/**
 * Two partners of another session take turns adding a card and wait until the other has it, until
 * `done` settles; resolves to the longest time between two relayed edits (from the start).
 */
async function relayEditsUntil(a: RawPeer, b: RawPeer, done: Promise<unknown>): Promise<number> {
  let finished = false
  void done.finally(() => (finished = true))
  let last = performance.now()
  let longestGap = 0
  // A few edits at least, so a fast export still shows edits arriving.
  for (let edit = 1; !finished || edit <= 5; edit++) {
    const [writer, reader] = edit % 2 === 1 ? [a, b] : [b, a]
    writer.write((doc) => addCard(doc, { text: `Edit ${edit}`, column: 'keep' }))
    await waitForDoc(reader.doc, () => reader.doc.getMap('cards').size === edit, `edit ${edit} to arrive`)
    const now = performance.now()
    longestGap = Math.max(longestGap, now - last)
    last = now
  }
  return longestGap
}

describe('the PDF summary with very long entries', () => {
  it('renders a 100,000-character word while another session’s edits keep flowing', async () => {
    const dataDir = await makeTempDir(cleanup)
    const server = await startSecureServer(cleanup, { dataDir })
    const room = await openRoom(server, { title: 'Week 4', partnerAName: 'Ari', partnerBName: 'Bo' })
    const other = await openRoom(server, { title: 'Another couple', partnerAName: 'Cy', partnerBName: 'Di' })
    const word = `Begin${'x'.repeat(100_000 - 'Begin'.length)}`
    await changeStoredBoard(server, room.sessionId, (doc) => {
      addGoal(doc, { title: `Walk on Sundays ${word} and talk` })
    })

    const a = await RawPeer.join(cleanup, server.url, other.sessionId, await other.partnerA.token())
    const b = await RawPeer.join(cleanup, server.url, other.sessionId, await other.partnerB.token())

    const exported = room.therapist.browser.request('GET', `/api/sessions/${room.sessionId}/summary.pdf`)
    const longestGap = await relayEditsUntil(a, b, exported)
    // Rendered on the event loop, this word held every session's sync for about 10 s (60 s on a busy machine).
    expect(longestGap).toBeLessThan(1_000)

    const response = await exported
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/pdf')
    const text = await pdfText(cleanup, new Uint8Array(await response.arrayBuffer()))
    expect(text).toContain('Walk on Sundays Beginxxxxxxxxxx')
    // Cut into lines (and pages, whose footers pdftotext puts among them), but every character is there.
    const lines = text.replace(/Week 4 · [^·]+ · page \d+ of \d+/g, '').replaceAll(' ', '')
    expect(/WalkonSundaysBegin(x+)andtalk/.exec(lines)?.[1]?.length).toBe(word.length - 'Begin'.length)
    expect(text).toContain('Waiting for Ari and Bo')
    expect(text).toContain('Next review')
    expect(text).toMatch(/page 1 of \d+/)
  })

  it('gives up an export that takes longer than the limit, says so, records it, and serves on', async () => {
    const server = await startSecureServer(cleanup, { access: { summaryTimeoutMs: 1 } })
    const room = await openRoom(server, { title: 'Week 5', partnerAName: 'Ari', partnerBName: 'Bo' })
    const browser = room.therapist.browser
    const base = `/api/sessions/${room.sessionId}`

    const response = await browser.request('GET', `${base}/summary.pdf`)
    expect(response.status).toBe(503)
    expect(await response.json()).toEqual({
      code: 'summary_timeout',
      message: 'The summary took too long to render; please try again or shorten very long entries.',
    })

    // The server goes on: the Markdown export and the board's sync still work.
    expect((await browser.request('GET', `${base}/summary.md`)).status).toBe(200)
    const partner = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    expect(partner.refusals).toEqual([])

    const trail = await browser.json('GET', `/api/audit/${room.sessionId}`, undefined, auditListSchema)
    const exports = trail.entries.filter((entry) => entry.action === 'summary_exported')
    expect(exports.map((entry) => entry.detail)).toEqual(['pdf:summary_timeout', 'md'])
  })
})

describe('breaking long words for the PDF', () => {
  // Every character one unit wide: a line of 10 holds 9.8 with the renderer's slack, so 9 characters.
  const measure = (text: string) => text.length

  it('cuts only words wider than the line, keeping every character, the first piece filling its line', () => {
    const text = `ab ${'x'.repeat(25)} cd`
    const broken = breakLongWords(text, 10, measure)
    expect(broken.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
    expect(broken).toBe(`ab xxxxxx\nxxxxxxxxx\nxxxxxxxxx\nx cd`)
    expect(breakLongWords('short words stay as they are', 10, measure)).toBe('short words stay as they are')
  })
})
