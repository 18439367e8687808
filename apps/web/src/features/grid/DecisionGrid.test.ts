// @vitest-environment jsdom
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import type { Root } from 'react-dom/client'
import {
  PARTNER_ROLES,
  addProposal,
  clearGridReveal,
  createBoardDoc,
  createBoardStore,
  createScoresDoc,
  gridTotals,
  largestDifferences,
  markScored,
  selectBoard,
  selectScores,
  setScore,
  updateSessionInfo,
  writeGridReveal,
} from '@session-board/board'
import type { BoardDoc, PartnerRole, Scores, ScoresDoc } from '@session-board/board'
import type { Presence } from '@session-board/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PHONE_QUERY } from '../../lib/useMediaQuery.ts'
import type { ScoresSync } from '../../lib/scoresSync.ts'
import type { SessionSync } from '../../lib/sync.ts'
import { SessionContext } from '../session/SessionContext.tsx'
import { DecisionGridPanel } from './DecisionGrid.tsx'
import type { ScoresOpening } from './useScores.ts'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** A fake screen for jsdom, which has no matchMedia: a 390 px phone, or a wide laptop. */
function fakeScreen(width: number) {
  window.matchMedia = (query: string) =>
    ({
      matches: query === PHONE_QUERY && width <= 700,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList
}

/** A fake session connection: the real board document and store, with no socket behind them. */
const fakeSessionSync = (doc: BoardDoc) => ({ doc, board: createBoardStore(doc) }) as unknown as SessionSync

/** A fake private-scores connection: a real scores document, opened, with no socket behind it. */
function fakeOpenScores(doc: ScoresDoc): ScoresOpening {
  let snapshot: Scores | undefined
  // Registered before any listener, so each listener reads the new scores.
  doc.on('afterTransaction', () => (snapshot = undefined))
  const sync: ScoresSync = {
    doc,
    subscribe(listener) {
      doc.on('afterTransaction', listener)
      return () => doc.off('afterTransaction', listener)
    },
    getSnapshot: () => (snapshot ??= selectScores(doc)),
    destroy: () => undefined,
  }
  return { state: 'open', sync }
}

const names: Record<PartnerRole, string> = { partnerA: 'Maya', partnerB: 'Sam' }
const proposalTitles = ['Sunday email off', 'A shared calendar', 'Dinner out monthly']
const criteria = ['burden', 'benefit', 'risk'] as const
// Burden, benefit, risk per proposal. Sam's scores are all 7 or more, Maya's all 5 or less, so a
// number of Sam's on Maya's screen would stand out.
const mayaScores = [
  [2, 5, 3],
  [5, 4, 1],
  [3, 5, 4],
]
const samScores = [
  [9, 7, 8],
  [9, 8, 7],
  [7, 10, 9],
]

let container: HTMLDivElement
let root: Root
let board: BoardDoc
let scores: Record<PartnerRole, ScoresDoc>
let proposalIds: string[]

beforeEach(() => {
  container = document.createElement('div')
  document.body.append(container)
  root = createRoot(container)
  board = createBoardDoc()
  updateSessionInfo(board, { partnerAName: names.partnerA, partnerBName: names.partnerB })
  proposalIds = proposalTitles.map((title) => addProposal(board, title))
  scores = { partnerA: createScoresDoc(), partnerB: createScoresDoc() }
})

afterEach(() => {
  act(() => root.unmount())
  container.remove()
})

/** What a partner's own client does when they score: the value privately, the mark on the board. */
function scoreAll(partner: PartnerRole, values: number[][]) {
  values.forEach((row, index) =>
    row.forEach((value, column) => {
      setScore(scores[partner], proposalIds[index]!, criteria[column]!, value)
      markScored(board, partner, proposalIds[index]!, criteria[column]!, true)
    }),
  )
}

/** What the server does when the therapist reveals: both private documents copied into the board. */
function reveal() {
  const revealed = { partnerA: selectScores(scores.partnerA), partnerB: selectScores(scores.partnerB) }
  act(() => board.transact(() => writeGridReveal(board, revealed, 1)))
  return revealed
}

function showGrid(role: Presence['role'], width = 390) {
  fakeScreen(width)
  const me: Presence = { name: role === 'therapist' ? 'Dr. Rivera' : role, role, color: '#336699' }
  const own = role === 'partnerA' || role === 'partnerB' ? scores[role] : null
  const opening: ScoresOpening = own ? fakeOpenScores(own) : { state: 'opening' }
  act(() =>
    root.render(
      createElement(
        SessionContext.Provider,
        { value: { sessionId: 'session-1', sync: fakeSessionSync(board), me, canEdit: role !== 'observer' } },
        createElement(DecisionGridPanel, { scores: opening }),
      ),
    ),
  )
}

const cards = () => [...container.querySelectorAll('ul[aria-label="Proposals and their scores"] > li')]
const card = (title: string) => {
  const found = cards().find((item) => item.querySelector('h3')?.textContent === title)
  if (!found) throw new Error(`No card for “${title}”`)
  return found
}
const criterionItems = (title: string) => [...card(title).querySelectorAll('ul li')]
const scoreInput = (title: string, criterion: string) =>
  container.querySelector<HTMLInputElement>(`input[aria-label="My ${criterion} score for ${title}, 0 to 10"]`)
/** The per-partner lines of a cell or a total after the reveal, e.g. "Maya 7". */
const partnerLines = (element: Element) =>
  [...element.querySelectorAll('.grid__both > span')].map((line) => line.textContent)
/** The text a person reads, without the labels that only screen readers hear. */
const visibleText = (element: Element) => {
  const copy = element.cloneNode(true) as Element
  copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove())
  return copy.textContent ?? ''
}

function type(input: HTMLInputElement, value: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
  act(() => {
    setValue.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

describe('the decision grid on a phone', () => {
  it('shows one card per proposal, each with a labelled number input per criterion for the partner', () => {
    showGrid('partnerA')

    expect(container.querySelector('table')).toBeNull()
    const inBoardOrder = selectBoard(board).proposals.map((proposal) => proposal.title)
    expect(cards().map((item) => item.querySelector('h3')?.textContent)).toEqual(inBoardOrder)
    for (const title of proposalTitles) {
      expect(criterionItems(title).map((item) => item.querySelector('h4')?.textContent)).toEqual([
        'Burden',
        'Benefit',
        'Risk',
      ])
      for (const criterion of criteria) {
        const input = scoreInput(title, criterion)
        expect(card(title).contains(input)).toBe(true)
        expect(input?.getAttribute('inputmode')).toBe('numeric')
        expect(input?.disabled).toBe(false)
      }
    }
  })

  it('keeps a score typed on a card in the partner’s private document, within 0 to 10', () => {
    showGrid('partnerA')

    type(scoreInput('A shared calendar', 'benefit')!, '12')

    const [, calendar] = proposalIds
    expect(selectScores(scores.partnerA)[calendar!]?.benefit).toBe(10)
    expect(scoreInput('A shared calendar', 'benefit')?.value).toBe('10')
    expect(visibleText(criterionItems('A shared calendar')[1]!)).toContain('Maya: scored')
    // The shared board carries only that Maya scored, never what.
    expect(selectBoard(board).proposals.find((proposal) => proposal.id === calendar)?.scored).toEqual({
      partnerA: { benefit: true },
      partnerB: {},
    })
  })

  it('never shows a partner the other’s scores before the reveal, only that they scored', () => {
    scoreAll('partnerA', mayaScores)
    scoreAll('partnerB', samScores)
    showGrid('partnerA')

    proposalTitles.forEach((title, row) => {
      const text = visibleText(card(title))
      expect(text).toContain('Sam: scored')
      // The only numbers on Maya's cards are the ones in her own inputs.
      expect(text).not.toMatch(/\d/)
      criteria.forEach((criterion, column) =>
        expect(scoreInput(title, criterion)?.value).toBe(String(mayaScores[row]![column])),
      )
    })
    expect(container.querySelectorAll('input[aria-label^="My "]')).toHaveLength(9)
  })

  it('shows both partners’ scores, the totals and the cells that differ most after the reveal', () => {
    scoreAll('partnerA', mayaScores)
    scoreAll('partnerB', samScores)
    showGrid('partnerB')
    const revealed = reveal()
    const { proposals, grid } = selectBoard(board)
    const totals = gridTotals(revealed, proposals, grid.criteria)
    const differs = largestDifferences(revealed, proposals, grid.criteria, 3)

    expect(container.querySelectorAll('input[aria-label^="My "]')).toHaveLength(0)
    proposalTitles.forEach((title, row) => {
      const id = proposalIds[row]!
      const total = card(title).querySelector('.grid-card__total')!
      expect(partnerLines(total)).toEqual(PARTNER_ROLES.map((p) => `${names[p]} ${totals[id]![p]}`))
      criterionItems(title).forEach((item, column) => {
        expect(partnerLines(item)).toEqual([
          `Maya ${mayaScores[row]![column]}`,
          `Sam ${samScores[row]![column]}`,
        ])
        const flagged = differs.some(
          (cell) => cell.proposalId === id && cell.criterionId === criteria[column],
        )
        expect(visibleText(item).includes('Differ most')).toBe(flagged)
      })
    })
    expect(container.textContent?.match(/Differ most/g)).toHaveLength(differs.length)
  })

  it('shows on each card what the table shows in that proposal’s row, for everyone', () => {
    scoreAll('partnerA', mayaScores)
    scoreAll('partnerB', samScores.slice(0, 1))
    for (const role of ['partnerA', 'partnerB', 'therapist', 'observer'] as const) {
      for (const revealedNow of [false, true]) {
        if (revealedNow) reveal()
        showGrid(role, 1280)
        const rows = [...container.querySelectorAll('tbody tr')].map((tr) =>
          [...tr.querySelectorAll('td')].map((td) => visibleText(td)),
        )
        showGrid(role, 390)
        const fromCards = selectBoard(board).proposals.map(({ title }) => {
          const cells = criterionItems(title).map((item) =>
            visibleText(item).slice(item.querySelector('h4')!.textContent!.length),
          )
          const total = card(title).querySelector('.grid-card__total .grid__both')
          return total ? [...cells, visibleText(total)] : cells
        })
        expect(fromCards, `${role}, ${revealedNow ? 'revealed' : 'before the reveal'}`).toEqual(rows)
        act(() => board.transact(() => clearGridReveal(board)))
      }
    }
  })
})
