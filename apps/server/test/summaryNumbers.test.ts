import {
  COLUMNS,
  addCard,
  addProposal,
  advancePhase,
  endHuddle,
  gridTotals,
  markScored,
  rateCard,
  selectColumns,
  selectGrid,
  selectHuddle,
  selectHuddleRecords,
  selectProposals,
  setAgenda,
  setCriteria,
  setScore,
  startHuddle,
} from '@session-board/board'
import type { BoardDoc, Card, CardRating, PartnerRole } from '@session-board/board'
import { connectTokenSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, pdfText, waitForDoc, withTimeout } from './helpers.ts'
import type { Person } from './access/people.ts'
import { openRoom, startSecureServer } from './access/people.ts'
import { RawPeer } from './access/rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** m:ss counting a started second, as the board's huddle history shows a part's time. */
const shownTime = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
const shownScore = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value}`

/** A partner's private scores document, opened as their grid opens it. */
async function openScores(serverUrl: string, sessionId: string, person: Person): Promise<RawPeer> {
  const { token } = await person.browser.json(
    'POST',
    `/api/sessions/${sessionId}/connect-token`,
    { target: 'scores' },
    connectTokenSchema,
  )
  const peer = await RawPeer.open(
    cleanup,
    serverUrl,
    `sync/${sessionId}/scores?token=${encodeURIComponent(token)}`,
  )
  await withTimeout(peer.synced, 10_000, 'the scores document to sync')
  return peer
}

type Summary = {
  partnerNames: Record<PartnerRole, string>
  reviewCards: Record<string, { text: string; ratings: Record<PartnerRole, CardRating> }[]>
  grid: {
    criteria: string[]
    rows: {
      proposal: string
      scores: Record<PartnerRole, number | null>[]
      total: Record<PartnerRole, number>
    }[]
  } | null
  huddle: {
    startedAt: number
    endedAt: number
    phases: { title: string; plannedMs: number; actualMs: number }[]
  } | null
}

/** What the board shows, read with its own selectors from a synced document. */
function boardNumbers(doc: BoardDoc) {
  const grid = selectGrid(doc)
  const proposals = selectProposals(doc)
  const revealed = grid.revealed
  if (!revealed) throw new Error('the grid is not revealed on this board')
  const totals = gridTotals(revealed, proposals, grid.criteria)
  const record = selectHuddleRecords(doc).find(({ id }) => id === selectHuddle(doc).runId)
  if (!record) throw new Error('no finished huddle on this board')
  const columns = selectColumns(doc)
  return {
    grid: {
      criteria: grid.criteria.map(({ label }) => label),
      rows: proposals.map((proposal) => ({
        proposal: proposal.title,
        scores: grid.criteria.map(({ id }) => ({
          partnerA: revealed.partnerA[proposal.id]?.[id] ?? null,
          partnerB: revealed.partnerB[proposal.id]?.[id] ?? null,
        })),
        total: totals[proposal.id] as Record<PartnerRole, number>,
      })),
    },
    huddle: {
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      phases: record.phases.map(({ title, plannedMs, actualMs }) => ({ title, plannedMs, actualMs })),
    },
    reviewCards: Object.fromEntries(
      COLUMNS.map((column) => [
        column,
        columns[column].map((card: Card) => ({ text: card.text, ratings: card.ratings })),
      ]),
    ),
  }
}

/** The lines a section of the Markdown holds, from its `## heading` to the next one. */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n')
  const start = lines.indexOf(`## ${heading}`)
  expect(start).toBeGreaterThanOrEqual(0)
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.trim() !== '')
}

describe('the numbers in the session summary', () => {
  it(
    'grid totals, each partner’s card ratings and the huddle’s planned and actual times in the JSON, ' +
      'the Markdown and the PDF are the ones the board shows',
    async () => {
      const server = await startSecureServer(cleanup)
      const room = await openRoom(server, { title: 'Week 5', partnerAName: 'Ari', partnerBName: 'Bo' })
      const { sessionId } = room
      const therapist = await RawPeer.join(cleanup, server.url, sessionId, await room.therapist.token())
      const partnerA = await RawPeer.join(cleanup, server.url, sessionId, await room.partnerA.token())
      const partnerB = await RawPeer.join(cleanup, server.url, sessionId, await room.partnerB.token())

      // The review: partners rate the cards for themselves; a 0 is a rating, not a missing one.
      const cards: Record<string, string> = {}
      partnerA.write((doc) => {
        cards.coffee = addCard(doc, { text: 'Morning coffee together', column: 'keep' })
        cards.interrupting = addCard(doc, { text: 'Interrupting', column: 'stop' })
        cards.walks = addCard(doc, { text: 'Evening walks', column: 'start' })
      })
      await waitForDoc(partnerB.doc, () => partnerB.doc.getMap('cards').size === 3, 'the cards on B’s board')
      partnerA.write((doc) => {
        rateCard(doc, cards.coffee as string, 'partnerA', 'effort', 3)
        rateCard(doc, cards.coffee as string, 'partnerA', 'impact', 8)
        rateCard(doc, cards.interrupting as string, 'partnerA', 'effort', 0)
      })
      partnerB.write((doc) => {
        rateCard(doc, cards.coffee as string, 'partnerB', 'effort', 5)
        rateCard(doc, cards.interrupting as string, 'partnerB', 'impact', 10)
      })

      // The huddle: a first part short enough to pass by itself, a second the therapist ends early,
      // a third ended with the huddle and a last never reached.
      therapist.write((doc) =>
        setAgenda(doc, [
          { id: 'check', kind: 'checkIn', title: 'Check-in', minutes: 0.02, advance: 'auto' },
          { id: 'review', kind: 'review', title: 'Review the tracker', minutes: 5, advance: 'therapist' },
          { id: 'choose', kind: 'experiment', title: 'Choose one experiment', minutes: 2, advance: 'auto' },
          { id: 'thanks', kind: 'appreciation', title: 'Appreciation', minutes: 3, advance: 'auto' },
        ]),
      )
      therapist.write((doc) => startHuddle(doc))
      await sleep(1_700)
      therapist.write((doc) => advancePhase(doc))
      therapist.write((doc) => endHuddle(doc))

      // The grid: the therapist's own criteria; three proposals so a row read by position shows.
      therapist.write((doc) =>
        setCriteria(doc, [
          { id: 'burden', label: 'Burden' },
          { id: 'joy', label: 'Joy' },
        ]),
      )
      const proposals: Record<string, string> = {}
      partnerA.write((doc) => (proposals.date = addProposal(doc, 'Date night on Fridays')))
      partnerA.write((doc) => (proposals.move = addProposal(doc, 'Move closer to work')))
      partnerA.write((doc) => (proposals.class = addProposal(doc, 'Take a class together')))
      await waitForDoc(partnerB.doc, () => selectProposals(partnerB.doc).length === 3, 'the proposals')
      const given: Record<PartnerRole, Record<string, Record<string, number>>> = {
        // A's "risk" is from the default criteria, no longer shown: it counts in no total.
        partnerA: {
          date: { burden: 2, joy: 9, risk: 6 },
          move: { burden: 7, joy: 4 },
          class: { burden: 10 },
        },
        partnerB: { date: { burden: 5, joy: 8 }, move: { burden: 0 }, class: { burden: 1, joy: 1 } },
      }
      for (const [partner, board] of [
        ['partnerA', partnerA],
        ['partnerB', partnerB],
      ] as const) {
        const scores = await openScores(server.url, sessionId, room[partner])
        for (const [name, cells] of Object.entries(given[partner])) {
          const id = proposals[name] as string
          scores.write((doc) => {
            for (const [criterion, score] of Object.entries(cells)) setScore(doc, id, criterion, score)
          })
          board.write((doc) => {
            for (const criterion of Object.keys(cells)) markScored(doc, partner, id, criterion, true)
          })
        }
      }
      await waitForDoc(
        therapist.doc,
        () =>
          selectProposals(therapist.doc).flatMap(({ scored }) => [
            ...Object.keys(scored.partnerA),
            ...Object.keys(scored.partnerB),
          ]).length === 11,
        'both partners’ scored markers',
      )
      const reveal = await room.therapist.browser.request('POST', `/api/sessions/${sessionId}/grid/reveal`)
      expect(reveal.status).toBe(200)
      await waitForDoc(
        therapist.doc,
        () =>
          selectGrid(therapist.doc).revealed !== null &&
          selectColumns(therapist.doc).stop[0]?.ratings.partnerB.impact === 10,
        'the reveal and the ratings on the therapist’s board',
      )

      const board = boardNumbers(therapist.doc)
      const base = `/api/sessions/${sessionId}`
      const summary = await room.therapist.browser.json<Summary>('GET', `${base}/summary`)

      // JSON: the board's own numbers, field for field.
      expect(summary.grid).toEqual(board.grid)
      expect(summary.huddle).toEqual(board.huddle)
      expect(summary.reviewCards).toEqual(board.reviewCards)

      // And the numbers worked out by hand, so a summary that always said 0 could not pass.
      const totalsByTitle = Object.fromEntries(
        (summary.grid?.rows ?? []).map((row) => [row.proposal, row.total]),
      )
      expect(totalsByTitle).toEqual({
        'Date night on Fridays': { partnerA: 11, partnerB: 13 },
        'Move closer to work': { partnerA: 11, partnerB: 0 },
        'Take a class together': { partnerA: 10, partnerB: 2 },
      })
      expect(summary.grid?.criteria).toEqual(['Burden', 'Joy'])
      expect(summary.reviewCards.keep?.[0]).toEqual({
        text: 'Morning coffee together',
        ratings: { partnerA: { effort: 3, impact: 8 }, partnerB: { effort: 5, impact: null } },
      })
      expect(summary.reviewCards.stop?.[0]?.ratings).toEqual({
        partnerA: { effort: 0, impact: null },
        partnerB: { effort: null, impact: 10 },
      })
      const phases = summary.huddle?.phases ?? []
      expect(phases.map(({ plannedMs }) => plannedMs)).toEqual([1_200, 300_000, 120_000, 180_000])
      // The first part passed by itself: it took its planned time to the millisecond.
      expect(phases[0]?.actualMs).toBe(1_200)
      // The second ran from then until the therapist moved on, after the sleep.
      expect(phases[1]?.actualMs).toBeGreaterThanOrEqual(400)
      expect(phases[1]?.actualMs).toBeLessThan(60_000)
      expect(phases[3]?.actualMs).toBe(0)

      // The lines both exports print, built from the board's numbers the way the board shows them.
      const names = summary.partnerNames
      const gridRows = board.grid.rows.map((row) => ({
        proposal: row.proposal,
        cells: [...row.scores, row.total].map(
          (pair) => `${shownScore(pair.partnerA)} / ${shownScore(pair.partnerB)}`,
        ),
      }))
      const phaseLines = board.huddle.phases.map(
        (phase) => `${phase.title}: ${shownTime(phase.actualMs)} of ${shownTime(phase.plannedMs)} planned`,
      )
      const ratingLines = COLUMNS.flatMap((column) => board.reviewCards[column] ?? []).flatMap((card) => {
        const { partnerA: a, partnerB: b } = card.ratings
        if ([a, b].every((rating) => rating.effort === null && rating.impact === null)) return []
        return (['effort', 'impact'] as const).map(
          (kind) =>
            `${kind === 'effort' ? 'Effort' : 'Impact'}: ${names.partnerA} ${shownScore(a[kind])} · ` +
            `${names.partnerB} ${shownScore(b[kind])}`,
        )
      })
      expect(phaseLines[0]).toBe('Check-in: 0:02 of 0:02 planned')
      expect(phaseLines[3]).toBe('Appreciation: 0:00 of 3:00 planned')
      expect(ratingLines).toEqual([
        'Effort: Ari 3 · Bo 5',
        'Impact: Ari 8 · Bo –',
        'Effort: Ari 0 · Bo –',
        'Impact: Ari – · Bo 10',
      ])

      // Markdown: the grid's table and the huddle's lines hold exactly these numbers.
      const markdown = await (await room.therapist.browser.request('GET', `${base}/summary.md`)).text()
      const table = section(markdown, 'Decision grid').filter((line) => line.startsWith('| '))
      expect(table.slice(2)).toEqual(gridRows.map((row) => `| ${row.proposal} | ${row.cells.join(' | ')} |`))
      expect(table).toContain('| Date night on Fridays | 2 / 5 | 9 / 8 | 11 / 13 |')
      expect(section(markdown, 'Huddle timeline')).toEqual(phaseLines.map((line) => `- ${line}`))
      const review = section(markdown, 'Review: keep, stop, start').join('\n')
      for (const line of ratingLines) expect(review).toContain(line)
      expect(review).not.toMatch(/Evening walks\s+(Effort|Impact)/)

      // PDF: the same rows and lines, and the huddle's sum.
      const pdf = new Uint8Array(
        await (await room.therapist.browser.request('GET', `${base}/summary.pdf`)).arrayBuffer(),
      )
      const text = await pdfText(cleanup, pdf)
      // The text extraction keeps or drops the spaces around a narrow right-aligned cell's "/".
      const pairs = (value: string) => value.replace(/\s*\/\s*/g, '/')
      for (const row of gridRows) {
        expect(pairs(text)).toContain(pairs(`${row.proposal} ${row.cells.join(' ')}`))
      }
      expect(pairs(text)).toContain('Date night on Fridays 2/5 9/8 11/13')
      for (const line of [...phaseLines, ...ratingLines]) expect(text).toContain(line)
      const spent = board.huddle.phases.reduce((sum, phase) => sum + phase.actualMs, 0)
      const planned = board.huddle.phases.reduce((sum, phase) => sum + phase.plannedMs, 0)
      expect(planned).toBe(601_200)
      expect(text).toContain(`In all: ${shownTime(spent)} of ${shownTime(planned)} planned`)
      expect(text).toContain(`of 10:02 planned`)
    },
    30_000,
  )
})
