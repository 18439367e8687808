import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { boardClock } from '../clock.ts'
import type { BoardDoc } from '../doc.ts'
import { createBoardDoc } from '../doc.ts'
import { classifyWrite, mayWrite } from '../rules/writeRules.ts'
import { selectBoard } from '../store.ts'
import type { Scores } from './grid.ts'
import {
  DEFAULT_CRITERIA,
  addProposal,
  checkScoreWrite,
  clearGridReveal,
  createScoresDoc,
  gridTotals,
  largestDifferences,
  markScored,
  removeProposal,
  selectGrid,
  selectProposals,
  selectScores,
  setCriteria,
  setScore,
  updateProposal,
  writeGridReveal,
} from './grid.ts'

let doc: BoardDoc
let now = 1_700_000_000_000

beforeEach(() => {
  doc = createBoardDoc()
  now = 1_700_000_000_000
  vi.spyOn(boardClock, 'now').mockImplementation(() => now++)
})
afterEach(() => {
  vi.restoreAllMocks()
})

const criteria = DEFAULT_CRITERIA.map((criterion) => ({ ...criterion }))

describe('proposals', () => {
  it('are added, changed and removed, oldest first', () => {
    const first = addProposal(doc, 'Date night on Fridays')
    const second = addProposal(doc, 'Move closer to work')
    updateProposal(doc, second, { protection: 'sequenced', sequence: 'Maya first, then Sam' })
    updateProposal(doc, first, { title: 'Date night on Saturdays', protection: 'bothProtected' })
    expect(selectProposals(doc)).toMatchObject([
      { id: first, title: 'Date night on Saturdays', protection: 'bothProtected', sequence: '' },
      { id: second, title: 'Move closer to work', protection: 'sequenced', sequence: 'Maya first, then Sam' },
    ])
    removeProposal(doc, first)
    expect(selectProposals(doc).map(({ id }) => id)).toEqual([second])
    expect(selectBoard(doc).proposals.map(({ id }) => id)).toEqual([second])
  })

  it('ignore an unknown protection', () => {
    const id = addProposal(doc, 'x')
    updateProposal(doc, id, { protection: 'forever' as never })
    expect(selectProposals(doc)[0]?.protection).toBe('none')
  })
})

describe('scored markers', () => {
  it('say which cells a partner scored, without values', () => {
    const id = addProposal(doc, 'Date night')
    markScored(doc, 'partnerA', id, 'burden', true)
    markScored(doc, 'partnerA', id, 'risk', true)
    markScored(doc, 'partnerB', id, 'benefit', true)
    markScored(doc, 'partnerA', id, 'risk', false)
    expect(selectProposals(doc)[0]?.scored).toEqual({
      partnerA: { burden: true },
      partnerB: { benefit: true },
    })
  })

  it('are each partner’s own keys', () => {
    const path = (partner: string) => ({
      root: 'proposals',
      keys: ['proposal_1', `scored.${partner}.burden`],
    })
    const own = classifyWrite(path('partnerA'))
    expect(own).toEqual({ partner: 'partnerA' })
    expect(mayWrite(own!, { role: 'partnerA', sessionEnded: false })).toBe(true)
    expect(mayWrite(own!, { role: 'partnerB', sessionEnded: false })).toBe(false)
    expect(mayWrite(own!, { role: 'therapist', sessionEnded: false })).toBe(false)
    expect(mayWrite(own!, { role: 'observer', sessionEnded: false })).toBe(false)
    expect(classifyWrite({ root: 'proposals', keys: ['proposal_1'] })).toBe('shared')
    expect(classifyWrite({ root: 'proposals', keys: ['proposal_1', 'title'] })).toBe('shared')
  })
})

describe('the grid record', () => {
  it('has the default criteria until the therapist sets others', () => {
    expect(selectGrid(doc)).toEqual({ criteria, revealedAt: null, revealed: null })
    setCriteria(doc, [
      { id: 'cost', label: 'Cost' },
      { id: 'cost', label: 'Duplicate' },
      { id: 'bad/id', label: 'Bad' },
    ])
    expect(selectGrid(doc).criteria).toEqual([{ id: 'cost', label: 'Cost' }])
  })

  it('is the therapist’s, and its revealed scores are the server’s alone', () => {
    expect(classifyWrite({ root: 'grid', keys: ['criteria'] })).toBe('therapist')
    expect(classifyWrite({ root: 'grid', keys: ['revealed'] })).toBe('server')
    expect(classifyWrite({ root: 'grid', keys: ['revealedAt'] })).toBe('server')
    expect(mayWrite('server', { role: 'therapist', sessionEnded: false })).toBe(false)
  })

  it('shows revealed scores once the server wrote them, and hides them again', () => {
    const revealed = { partnerA: { p1: { burden: 7 } }, partnerB: { p1: { burden: 3, risk: 11 } } }
    doc.transact(() => writeGridReveal(doc, revealed, 42))
    expect(selectGrid(doc)).toEqual({
      criteria,
      revealedAt: 42,
      revealed: { partnerA: { p1: { burden: 7 } }, partnerB: { p1: { burden: 3 } } },
    })
    doc.transact(() => clearGridReveal(doc))
    expect(selectGrid(doc)).toMatchObject({ revealedAt: null, revealed: null })
  })
})

describe('the UI helpers', () => {
  const proposals = [{ id: 'p1' }, { id: 'p2' }]
  const revealed: { partnerA: Scores; partnerB: Scores } = {
    partnerA: { p1: { burden: 7, benefit: 9, risk: 2 }, p2: { burden: 1, benefit: 4 } },
    partnerB: { p1: { burden: 3, benefit: 9, risk: 6 }, p2: { burden: 5, benefit: 10, risk: 0 } },
  }

  it('total each proposal per partner; an unscored cell counts 0', () => {
    expect(gridTotals(revealed, proposals, criteria)).toEqual({
      p1: { partnerA: 18, partnerB: 18 },
      p2: { partnerA: 5, partnerB: 15 },
    })
  })

  it('find the largest differences, ties in grid order, only cells both scored', () => {
    // A third proposal: nine cells compared, so three may be named.
    const three = [...proposals, { id: 'p3' }]
    const withThird = {
      partnerA: {
        ...revealed.partnerA,
        p2: { burden: 1, benefit: 4, risk: 0 },
        p3: { burden: 5, benefit: 5, risk: 5 },
      },
      partnerB: { ...revealed.partnerB, p3: { burden: 5, benefit: 6, risk: 5 } },
    }
    expect(largestDifferences(withThird, three, criteria)).toEqual([
      { proposalId: 'p2', criterionId: 'benefit', partnerA: 4, partnerB: 10, difference: 6 },
      { proposalId: 'p1', criterionId: 'burden', partnerA: 7, partnerB: 3, difference: 4 },
      { proposalId: 'p1', criterionId: 'risk', partnerA: 2, partnerB: 6, difference: 4 },
    ])
    expect(largestDifferences(withThird, three, criteria, 1)).toHaveLength(1)
  })

  it('name one cell in three at most, so a single proposal’s cells are not all “differ most”', () => {
    const one = [{ id: 'p1' }]
    // Every cell of the one proposal differs: only the largest difference is named.
    const allDiffer = {
      partnerA: { p1: { burden: 7, benefit: 2, risk: 2 } },
      partnerB: { p1: { burden: 3, benefit: 9, risk: 3 } },
    }
    expect(largestDifferences(allDiffer, one, criteria)).toEqual([
      { proposalId: 'p1', criterionId: 'benefit', partnerA: 2, partnerB: 9, difference: 7 },
    ])
    // Five cells compared (one of p2's is not scored by both): one named, however many are asked for.
    expect(largestDifferences(revealed, proposals, criteria, 10)).toEqual([
      { proposalId: 'p2', criterionId: 'benefit', partnerA: 4, partnerB: 10, difference: 6 },
    ])
    // Partners who agree on everything have nothing named.
    const agreed = {
      partnerA: { p1: { burden: 4, benefit: 4 } },
      partnerB: { p1: { burden: 4, benefit: 4 } },
    }
    expect(largestDifferences(agreed, one, criteria)).toEqual([])
  })
})

describe('a partner’s scores document', () => {
  it('holds integer scores 0 to 10 by cell', () => {
    const scores = createScoresDoc()
    setScore(scores, 'p1', 'burden', 7)
    setScore(scores, 'p1', 'risk', 0)
    setScore(scores, 'p2', 'benefit', 10)
    setScore(scores, 'p2', 'benefit', 11)
    setScore(scores, 'p2', 'risk', 2.5)
    setScore(scores, 'p/2', 'risk', 2)
    setScore(scores, 'p1', 'risk', null)
    expect(selectScores(scores)).toEqual({ p1: { burden: 7 }, p2: { benefit: 10 } })
  })

  it('ignores what a crafted client wrote out of shape', () => {
    const scores = createScoresDoc()
    const map = scores.getMap('scores')
    map.set('p1/burden', 'high')
    map.set('nokey', 3)
    map.set('p1/risk', new Y.Map())
    expect(selectScores(scores)).toEqual({})
  })

  it('accepts only scores-shaped writes', () => {
    expect(checkScoreWrite('scores', 'p1/burden', { kind: 'plain', value: 7 })).toBeNull()
    expect(checkScoreWrite('scores', 'p1/burden', { kind: 'delete' })).toBeNull()
    expect(checkScoreWrite('scores', 'p1/burden', { kind: 'plain', value: 11 })).toBe('out_of_range')
    expect(checkScoreWrite('scores', 'p1/burden', { kind: 'plain', value: 'high' })).toBe('out_of_range')
    expect(checkScoreWrite('scores', 'p1/burden', { kind: 'other' })).toBe('not_a_number')
    expect(checkScoreWrite('scores', 'p1', { kind: 'plain', value: 3 })).toBe('bad_key')
    expect(checkScoreWrite('scores', null, { kind: 'plain', value: 3 })).toBe('bad_key')
    expect(checkScoreWrite('notes', 'p1/burden', { kind: 'plain', value: 3 })).toBe('unknown_root')
  })
})
