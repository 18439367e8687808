import type {
  BoardDoc,
  BoardSnapshot,
  GoalOwner,
  GridState,
  PartnerRole,
  Plan,
  Proposal,
} from '@session-board/board'
import {
  COLUMNS,
  PARTNER_ROLES,
  gridTotals,
  isAgreed,
  missingSmartParts,
  selectBoard,
  selectExperiment,
  selectGrid,
  selectCurrentMeetingId,
  selectMeetings,
  selectPlans,
  selectProposals,
  smartPartLabels,
} from '@session-board/board'
import type { Access } from '../access/context.ts'
import type { CoupleRow } from '../access/couples.ts'
import type { ParticipantRow } from '../access/invitations.ts'
import type { SessionRow } from '../access/sessions.ts'
import { monthlyReviewSection } from './monthlyReviewSection.ts'
import type { SessionSummary, SummaryAttendee, SummaryExperiment, SummaryGrid } from './sessionSummary.ts'

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const isIsoDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value)

/** The therapist, and everyone who came in through an invitation link, with whether they opened the board. */
async function attendeesOf(access: Access, session: SessionRow): Promise<SummaryAttendee[]> {
  const joined = new Set(
    (await access.audit.forSession(session.id))
      .filter((entry) => entry.action === 'join' && entry.actorId !== null)
      .map((entry) => entry.actorId),
  )
  const therapist = await access.accounts.therapistById(session.therapistId)
  const attendees: SummaryAttendee[] = [
    {
      role: 'therapist',
      name: therapist?.displayName ?? 'Therapist',
      joined: joined.has(session.therapistId),
    },
  ]
  const couple = await access.couples.byId(session.coupleId)
  for (const partner of PARTNER_ROLES) {
    // The couple's partner, one person through every session; their name is the couple's.
    const person = await access.invitations.partnerOf(session.coupleId, partner)
    const name = (partner === 'partnerA' ? couple?.partnerAName : couple?.partnerBName) ?? ''
    // A partner is on the summary whether or not they came: their absence is part of the record.
    attendees.push({ role: partner, name, joined: person !== null && joined.has(person.id) })
  }
  const observers: ParticipantRow[] = []
  for (const invitation of await access.invitations.listFor(session.id)) {
    if (invitation.role !== 'observer') continue
    for (const id of await access.invitations.participantIdsFor(invitation.id)) {
      const person = await access.invitations.participantById(id)
      if (person) observers.push(person)
    }
  }
  for (const person of observers) {
    if (joined.has(person.id)) attendees.push({ role: 'observer', name: person.displayName, joined: true })
  }
  return attendees
}

function ownerName(owner: GoalOwner, names: Record<PartnerRole, string>): string {
  if (owner === 'both') return `${names.partnerA} and ${names.partnerB}`
  return owner === '' ? '' : names[owner]
}

/** Everything read from the document in one pass. */
type BoardRead = { board: BoardSnapshot; experiment: Plan | null; grid: GridState; proposals: Proposal[] }

function experimentOf(plan: Plan | null, names: Record<PartnerRole, string>): SummaryExperiment | null {
  if (!plan) return null
  return {
    condition: plan.condition,
    action: plan.action,
    who: ownerName(plan.owner, names),
    reviewDate: plan.reviewDate || null,
  }
}

/** The grid only after its scores were revealed; before that they are each partner's private business. */
function gridOf({ grid, proposals }: BoardRead): SummaryGrid | null {
  const revealed = grid.revealed
  if (!revealed) return null
  const totals = gridTotals(revealed, proposals, grid.criteria)
  return {
    criteria: grid.criteria.map((criterion) => criterion.label),
    rows: proposals.map((proposal) => ({
      proposal: proposal.title,
      scores: grid.criteria.map(({ id }) => ({
        partnerA: revealed.partnerA[proposal.id]?.[id] ?? null,
        partnerB: revealed.partnerB[proposal.id]?.[id] ?? null,
      })),
      total: { partnerA: totals[proposal.id]?.partnerA ?? 0, partnerB: totals[proposal.id]?.partnerB ?? 0 },
    })),
  }
}

function fromBoard(read: BoardRead, session: SessionRow, couple: CoupleRow | null, today: string) {
  const { board } = read
  const names = {
    partnerA: couple?.partnerAName || board.session.partnerAName,
    partnerB: couple?.partnerBName || board.session.partnerBName,
  }
  const goals = board.goals.map((goal) => {
    const missingParts = missingSmartParts(goal)
    return {
      title: goal.title,
      nonNegotiable: goal.nonNegotiable,
      agreed: isAgreed(goal),
      waitingFor: PARTNER_ROLES.filter((partner) => !goal.willing[partner]).map((partner) => names[partner]),
      reviewDate: goal.reviewDate,
      missing: missingParts.map((part) => smartPartLabels[part]),
      missingParts,
    }
  })
  const experiment = experimentOf(read.experiment, names)
  // This session's huddle: the record of the run the board's huddle last ended (not a carried one).
  const record = board.huddleRecords.find((candidate) => candidate.id === board.huddle.runId)
  const praise = record?.appreciations ?? board.huddle.appreciations
  const appreciations = PARTNER_ROLES.flatMap((partner) => {
    const text = praise[partner].trim()
    const to = partner === 'partnerA' ? names.partnerB : names.partnerA
    return text ? [{ from: names[partner], to, text }] : []
  })
  const upcoming = [...goals.map((goal) => goal.reviewDate), experiment?.reviewDate ?? '']
    .filter((date) => isIsoDate(date) && date >= today)
    .sort()
  return {
    title: board.session.title || session.title,
    partnerNames: names,
    goals,
    review: {
      keep: board.columns.keep.map((card) => card.text),
      stop: board.columns.stop.map((card) => card.text),
      start: board.columns.start.map((card) => card.text),
    },
    reviewCards: Object.fromEntries(
      COLUMNS.map((column) => [
        column,
        board.columns[column].map(({ text, ratings }) => ({
          text,
          ratings: { partnerA: { ...ratings.partnerA }, partnerB: { ...ratings.partnerB } },
        })),
      ]),
    ) as SessionSummary['reviewCards'],
    experiment,
    grid: gridOf(read),
    appreciations,
    huddle: record
      ? {
          startedAt: record.startedAt,
          endedAt: record.endedAt,
          phases: record.phases.map(({ title, plannedMs, actualMs }) => ({ title, plannedMs, actualMs })),
        }
      : null,
    nextReview: upcoming[0] ?? null,
  }
}

/**
 * A past session's own meeting, from the couple's history, in place of the live meeting on the board
 * (which belongs to a later session by now): its review cards, its chosen experiment as it read then,
 * and its last huddle. The plan (goals, the grid) is the couple's, read as it is.
 */
function asArchived(doc: BoardDoc, read: BoardRead, sessionId: string): BoardRead {
  if (selectCurrentMeetingId(doc) === sessionId) return read
  const meeting = selectMeetings(doc).find((candidate) => candidate.sessionId === sessionId)
  if (!meeting) return read
  const columns = Object.fromEntries(
    COLUMNS.map((column) => [
      column,
      meeting.review
        .filter((card) => card.column === column)
        .map((card, index) => ({
          ...card,
          id: `${sessionId}-${column}-${index}`,
          position: String(index),
          createdAt: meeting.startedAt,
          author: null,
        })),
    ]),
  ) as BoardSnapshot['columns']
  const chosen = meeting.experiment
  const plan = chosen ? selectPlans(doc).find((candidate) => candidate.id === chosen.planId) : undefined
  const runId = meeting.huddleRunIds.at(-1) ?? ''
  return {
    ...read,
    board: {
      ...read.board,
      columns,
      session: { ...read.board.session, title: meeting.title },
      huddle: { ...read.board.huddle, runId, appreciations: { partnerA: '', partnerB: '' } },
    },
    experiment: chosen
      ? ({
          ...(plan ?? { owner: '', reviewDate: '' }),
          condition: chosen.condition,
          action: chosen.action,
        } as Plan)
      : null,
  }
}

/** Reads the session's board (loading it if nobody is in it), its row and its audit trail into a summary. */
export async function buildSummary(access: Access, session: SessionRow): Promise<SessionSummary> {
  const reads: BoardRead[] = []
  // A write that changes nothing: it only reads the document.
  await access.registry.write(session.coupleId, (doc: BoardDoc) => {
    const live: BoardRead = {
      board: selectBoard(doc),
      experiment: selectExperiment(doc),
      grid: selectGrid(doc),
      proposals: selectProposals(doc),
    }
    reads.push(asArchived(doc, live, session.id))
  })
  const [read] = reads
  if (!read) throw new Error('The session’s board could not be read.')
  // Records stored before the server checked shapes are left out of the summary; say how many, not what.
  if (read.board.skipped.length > 0) {
    access.log.warn('summary.skipped_records', { sessionId: session.id, count: read.board.skipped.length })
  }
  const date = session.scheduledFor ?? session.createdAt
  const today = isoDate(access.now())
  const month = isoDate(session.startedAt ?? access.now()).slice(0, 7)
  const fromPlan = fromBoard(read, session, await access.couples.byId(session.coupleId), today)
  return {
    ...fromPlan,
    date,
    dateIso: isoDate(date),
    status: session.endedAt === null ? 'open' : 'ended',
    attendees: await attendeesOf(access, session),
    // An archived read keeps the couple's plan as it is now: the review is of the plan, not the meeting.
    monthlyReview: await monthlyReviewSection(
      access,
      session.coupleId,
      read.board,
      { month, today },
      fromPlan.partnerNames,
    ),
  }
}
