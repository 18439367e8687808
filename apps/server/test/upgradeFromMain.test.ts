import { copyFile, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { BoardDoc, PartnerRole } from '@session-board/board'
import {
  canvasMap,
  createBoardDoc,
  createScoresDoc,
  selectColumns,
  selectCurrentMeetingId,
  selectFloor,
  selectGoals,
  selectGrid,
  selectHuddleRecords,
  selectMeetings,
  selectNotes,
  selectPlans,
  selectProposals,
  selectScores,
  selectSessionStatus,
  selectStepsByGoal,
} from '@session-board/board'
import type { CoupleSummary } from '@session-board/protocol'
import {
  caseloadSchema,
  connectTokenSchema,
  coupleDetailSchema,
  partnersSchema,
} from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { z } from 'zod'
import { openSqliteStore } from '../src/store/sqlite.ts'
import { updatesInOrder } from '../src/store/types.ts'
import { Browser } from './access/people.ts'
import { connectClient, createCleanup, makeTempDir, startTestServer, waitSynced } from './helpers.ts'

/**
 * A database written by main before issue 13 (one board per session; see fixtures/makeMainFixture.ts)
 * is opened by today's server: every session joins its couple, every board is merged into the couple's
 * document, and nothing the therapist or the couples wrote is lost.
 */
const fixture = resolve(import.meta.dirname, 'fixtures/main-2026-12-06')

type ExpectedSession = {
  id: string
  title: string
  partnerAName: string
  partnerBName: string
  createdAt: number
  endedAt: number | null
  ended: boolean
  notes: string
  goals: { title: string; consent: PartnerRole[] }[]
  steps: { title: string; status: string }[]
  plans: string[]
  proposals: string[]
  reviewCards: string[]
  gridCriteria: string[]
  floorTurns: number
  huddleRecordIds: string[]
  canvasRecordIds: string[]
}
type Expected = {
  therapist: { email: string; password: string }
  privateScores: { sessionId: string; proposal: string } & Record<PartnerRole, Record<string, number>>
  uncompacted: { sessionId: string; stepTitle: string; status: string }
  couples: { partnerAName: string; partnerBName: string; sessions: ExpectedSession[] }[]
}

const expected = JSON.parse(await readFile(join(fixture, 'expected.json'), 'utf8')) as Expected

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()
const unique = <T>(values: T[]) => [...new Set(values)]
const byJson = <T>(values: T[]) => unique(values.map((value) => JSON.stringify(value))).sort()
const ended = (couple: Expected['couples'][number]) =>
  couple.sessions.filter((session) => session.ended).sort((a, b) => a.createdAt - b.createdAt)

/** Today's server on a copy of the fixture, its own secret key included, and Dana signed in. */
async function upgraded(dataDir?: string) {
  const dir = dataDir ?? (await makeTempDir(cleanup))
  if (!dataDir) {
    for (const file of ['board.sqlite', 'secret.key']) await copyFile(join(fixture, file), join(dir, file))
  }
  const server = await startTestServer(cleanup, { dataDir: dir, extensions: 'secure' })
  const dana = new Browser(server.url)
  const { email, password } = expected.therapist
  const me = await dana.json(
    'POST',
    '/api/auth/sign-in',
    { email, password },
    z.object({ csrfToken: z.string() }),
  )
  dana.csrfToken = me.csrfToken
  const { couples } = await dana.json('GET', '/api/couples', undefined, caseloadSchema)
  const coupleOf = (names: { partnerAName: string; partnerBName: string }): CoupleSummary => {
    const found = couples.find(
      (couple) =>
        sameName(couple.partnerAName, names.partnerAName) &&
        sameName(couple.partnerBName, names.partnerBName),
    )
    if (!found) throw new Error('A couple of the fixture is missing from the caseload')
    return found
  }
  return { server, dataDir: dir, dana, couples, coupleOf }
}

type Upgraded = Awaited<ReturnType<typeof upgraded>>

/** A real y-websocket client on a document the therapist may open: `cpl_x`, `ses_x` or `ses_x/notes`. */
async function open(up: Upgraded, room: string, tokenPath: string, target: 'board' | 'notes' = 'board') {
  const { token } = await up.dana.json('POST', tokenPath, { target }, connectTokenSchema)
  const client = connectClient(cleanup, up.server.url, room, { params: { token } })
  await waitSynced(client)
  return client.doc
}

const openCouple = (up: Upgraded, coupleId: string) =>
  open(up, coupleId, `/api/couples/${coupleId}/connect-token`)

const goalsOf = (doc: BoardDoc) =>
  byJson(
    selectGoals(doc).map((goal) => ({
      title: goal.title,
      consent: (['partnerA', 'partnerB'] as const).filter((partner) => goal.willing[partner]),
    })),
  )
const stepsOf = (doc: BoardDoc) =>
  byJson(
    Object.values(selectStepsByGoal(doc))
      .flat()
      .map((step) => ({ title: step.title, status: step.status })),
  )

describe('a database from main before couples, opened by today’s server', () => {
  it('groups the sessions into the couples they were (names typed in another case count as the same couple)', async () => {
    const up = await upgraded()
    expect(up.couples).toHaveLength(expected.couples.length)
    for (const couple of expected.couples) {
      const summary = up.coupleOf(couple)
      const detail = await up.dana.json('GET', `/api/couples/${summary.id}`, undefined, coupleDetailSchema)
      const ids = (sessions: { id: string }[]) => sessions.map((session) => session.id).sort()
      expect(ids(detail.sessions.past)).toEqual(ids(couple.sessions.filter((session) => session.ended)))
      expect(ids(detail.sessions.live)).toEqual(ids(couple.sessions.filter((session) => !session.ended)))
      expect(detail.sessions.upcoming).toEqual([])
      // The upgraded file has the table of progress entries too: the couple's (none yet) can be read.
      const progress = await up.dana.json(
        'GET',
        `/api/couples/${summary.id}/entries?from=2026-01-01&to=2026-12-31`,
      )
      expect(progress).toEqual({ entries: [] })
    }
    // The session whose names were typed 'alex' and ' Sam' is one of Alex and Sam's.
    const alexAndSam = expected.couples[0]!
    expect(alexAndSam.sessions.some((session) => session.partnerAName === 'alex')).toBe(true)
  })

  it('the couple’s plan holds every goal with its consents, stepping stone, if-then plan, proposal and canvas record', async () => {
    const up = await upgraded()
    for (const couple of expected.couples) {
      const doc = await openCouple(up, up.coupleOf(couple).id)
      const all = couple.sessions
      expect(goalsOf(doc)).toEqual(byJson(all.flatMap((session) => session.goals)))
      // The open session's last change was still in the log (not compacted) when main stopped.
      expect(stepsOf(doc)).toEqual(byJson(all.flatMap((session) => session.steps)))
      expect(
        selectPlans(doc)
          .map((plan) => `${plan.condition}, then ${plan.action}`)
          .sort(),
      ).toEqual(all.flatMap((session) => session.plans).sort())
      expect(
        selectProposals(doc)
          .map((proposal) => proposal.title)
          .sort(),
      ).toEqual(all.flatMap((session) => session.proposals).sort())
      expect([...canvasMap(doc).keys()].sort()).toEqual(unique(all.flatMap((s) => s.canvasRecordIds)).sort())
      const criteria = unique(all.flatMap((session) => session.gridCriteria))
      expect(
        selectGrid(doc)
          .criteria.map((criterion) => criterion.label)
          .sort(),
      ).toEqual(criteria.sort())
      // Each finished huddle once, though main copied it onto every later board of the couple.
      expect(
        selectHuddleRecords(doc)
          .map((record) => record.id)
          .sort(),
      ).toEqual(unique(all.flatMap((session) => session.huddleRecordIds)).sort())
    }
    const uncompacted = expected.couples
      .flatMap((couple) => couple.sessions)
      .find((session) => session.id === expected.uncompacted.sessionId)
    expect(uncompacted?.steps).toContainEqual({
      title: expected.uncompacted.stepTitle,
      status: expected.uncompacted.status,
    })
  })

  it('each ended session’s meeting is in the couple’s history with its own huddles; the open one is live', async () => {
    const up = await upgraded()
    for (const couple of expected.couples) {
      const coupleId = up.coupleOf(couple).id
      const doc = await openCouple(up, coupleId)
      const past = ended(couple)
      const meetings = selectMeetings(doc)
      expect(meetings.map((meeting) => meeting.sessionId)).toEqual(past.map((session) => session.id))
      for (const [index, meeting] of meetings.entries()) {
        const session = past[index]!
        expect(meeting.title).toBe(session.title)
        expect(meeting.review.map((card) => `${card.column}: ${card.text}`)).toEqual(session.reviewCards)
        expect(meeting.floorTurns).toHaveLength(session.floorTurns)
      }
      // Every huddle record of an ended session is claimed by exactly one meeting: the one it was held in.
      const claimed = meetings.flatMap((meeting) => meeting.huddleRunIds)
      expect(claimed).toEqual(unique(claimed))
      expect(claimed.sort()).toEqual(unique(past.flatMap((session) => session.huddleRecordIds)).sort())
      expect(meetings[0]?.huddleRunIds).toEqual(past[0]?.huddleRecordIds)

      const detail = await up.dana.json('GET', `/api/couples/${coupleId}`, undefined, coupleDetailSchema)
      expect(detail.history.map((meeting) => [meeting.sessionId, meeting.reviewCards]).sort()).toEqual(
        past.map((session) => [session.id, session.reviewCards.length]).sort(),
      )

      const latest = [...couple.sessions].sort((a, b) => b.createdAt - a.createdAt)[0]!
      expect(selectCurrentMeetingId(doc)).toBe(latest.id)
      expect(selectSessionStatus(doc)).toBe(latest.ended ? 'ended' : 'open')
      expect(
        Object.values(selectColumns(doc))
          .flat()
          .map((card) => `${card.column}: ${card.text}`)
          .sort(),
      ).toEqual([...latest.reviewCards].sort())
      expect(selectFloor(doc).turns).toHaveLength(latest.floorTurns)
    }
    const week1 = ended(expected.couples[0]!)[0]!
    const alexAndSam = await openCouple(up, up.coupleOf(expected.couples[0]!).id)
    expect(selectMeetings(alexAndSam)[0]?.experiment?.condition).toBe(week1.plans[0]?.split(', then ')[0])
  })

  it('a session’s board, ended or open, opens its couple’s document', async () => {
    const up = await upgraded()
    const couple = expected.couples[0]!
    const all = byJson(couple.sessions.flatMap((session) => session.goals))
    for (const session of [couple.sessions[0]!, couple.sessions.at(-1)!]) {
      const doc = await open(up, session.id, `/api/sessions/${session.id}/connect-token`)
      expect(goalsOf(doc)).toEqual(all)
    }
  })

  it('the therapist’s notes of every session are still there, each with its session', async () => {
    const up = await upgraded()
    for (const session of expected.couples.flatMap((couple) => couple.sessions)) {
      const notes = await open(
        up,
        `${session.id}/notes`,
        `/api/sessions/${session.id}/connect-token`,
        'notes',
      )
      expect(selectNotes(notes)).toBe(session.notes)
    }
  })

  it('the partners who joined before are enrolled in their couple, each browser they joined with a device of theirs', async () => {
    const up = await upgraded()
    for (const couple of expected.couples) {
      const access = await up.dana.json(
        'GET',
        `/api/couples/${up.coupleOf(couple).id}/partners`,
        undefined,
        partnersSchema,
      )
      expect(access.pending).toEqual([])
      for (const partner of access.partners) {
        expect(partner.enrolled).toBe(true)
        expect(sameName(partner.displayName, couple[`${partner.role}Name`])).toBe(true)
        // One link accepted per session: one browser each time.
        expect(partner.devices).toHaveLength(couple.sessions.length)
      }
    }
  })

  it('keeps the old boards, moves the private scores to the couple, and upgrades only once', async () => {
    const up = await upgraded()
    const couple = expected.couples[0]!
    const coupleId = up.coupleOf(couple).id
    const plan = await openCouple(up, coupleId)
    const proposalId = selectProposals(plan).find(
      (proposal) => proposal.title === expected.privateScores.proposal,
    )?.id
    const goalCount = selectGoals(plan).length
    await up.server.close()

    const store = openSqliteStore({ dataDir: up.dataDir })
    const load = async <D extends Y.Doc>(name: string, doc: D): Promise<D> => {
      for (const update of updatesInOrder(await store.load(name))) Y.applyUpdate(doc, update)
      return doc
    }
    try {
      for (const session of couple.sessions) {
        const legacy = await load(session.id, createBoardDoc())
        expect(goalsOf(legacy)).toEqual(byJson(session.goals))
      }
      for (const partner of ['partnerA', 'partnerB'] as const) {
        const scores = await load(`${coupleId}:scores:${partner}`, createScoresDoc())
        expect(selectScores(scores)[proposalId ?? '']).toEqual(expected.privateScores[partner])
      }
    } finally {
      await store.close()
    }

    // Started again on the same data: nothing is merged a second time.
    const again = await upgraded(up.dataDir)
    expect(again.couples).toHaveLength(expected.couples.length)
    const doc = await openCouple(again, again.coupleOf(couple).id)
    expect(selectGoals(doc)).toHaveLength(goalCount)
    expect(selectMeetings(doc)).toHaveLength(ended(couple).length)
  })
})
