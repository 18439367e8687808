import type { EntryPartner, Metric, MonthlyReview } from '@session-board/board'
import { describeUpgrade } from '@session-board/board'
import { describeFigure, describeTarget } from '@session-board/charts'
import { phaseLabels } from '@session-board/protocol'
import type { SessionSummary } from './sessionSummary.ts'
import { formatIsoDate } from './wording.ts'

/** The monthly review's words, which the Markdown and the PDF both print, so both say the same thing. */

export type ReviewPart = { title: string; lines: string[]; empty: string }

/** "December 2026" from "2026-12". */
function monthName(month: string): string {
  return formatIsoDate(`${month}-01`).replace(/^1 /, '')
}

export const monthlyReviewHeading = (review: MonthlyReview) => `Monthly review — ${monthName(review.month)}`

type Names = SessionSummary['partnerNames']

const who = (partner: EntryPartner, names: Names) =>
  partner === 'couple'
    ? 'the couple'
    : names[partner].trim() || (partner === 'partnerA' ? 'Partner A' : 'Partner B')

function changes(review: MonthlyReview): string[] {
  const lines: string[] = []
  const { phase } = review
  if (phase.atEnd) {
    const moved = phase.atStart && phase.atStart !== phase.atEnd
    const week = phase.week !== null && phase.week >= 0 ? ` (week ${phase.week + 1})` : ''
    lines.push(
      moved && phase.atStart
        ? `Moved from ${phaseLabels[phase.atStart]} to ${phaseLabels[phase.atEnd]}${week}`
        : `In ${phaseLabels[phase.atEnd]}${week}`,
    )
  }
  for (const goal of review.goals) if (goal.added) lines.push(`New goal: ${goal.title}`)
  for (const goal of review.goals) if (goal.newlyAgreed) lines.push(`Both partners agreed to: ${goal.title}`)
  for (const goal of review.goals) {
    if (goal.reviewDue) lines.push(`Review due ${formatIsoDate(goal.reviewDate)}: ${goal.title}`)
  }
  for (const setback of review.upgrades) lines.push(describeUpgrade(setback.upgrade))
  return lines
}

function metricLine(
  item: MonthlyReview['metrics'][number],
  metric: Metric | undefined,
  names: Names,
): string {
  const target = metric ? describeTarget(metric) : String(item.target)
  const figure = (value: number | null) =>
    value === null ? 'nothing logged' : metric ? describeFigure(value, metric) : String(value)
  if (item.average === null) return `${item.title}: nothing logged in the last two weeks (target ${target})`
  const parts = [
    `${item.title}: ${figure(item.average)}, ${item.onTarget ? 'on target' : 'not yet at the target'} (${target})`,
  ]
  if (item.byPartner) {
    parts.push(`${who('partnerA', names)} ${figure(item.byPartner.partnerA)}`)
    parts.push(`${who('partnerB', names)} ${figure(item.byPartner.partnerB)}`)
  }
  if (item.previousAverage !== null) parts.push(`last month ${figure(item.previousAverage)}`)
  return parts.join(' · ')
}

function flagLines(review: MonthlyReview, titleOf: (id: string) => string, names: Names): string[] {
  const { red, yellow } = review.flags.counts
  const count = (label: string, level: { acknowledged: number; waiting: number }) =>
    `${label} flags: ${level.acknowledged + level.waiting} (${level.acknowledged} acknowledged, ${level.waiting} waiting)`
  return [
    count('Red', red),
    count('Yellow', yellow),
    ...review.flags.list.map(
      (flag) =>
        `${flag.level === 'red' ? 'Red' : 'Yellow'}: ${titleOf(flag.metricId)}, ${who(flag.partner, names)}, ` +
        `${formatIsoDate(flag.day)}${flag.acknowledgedAt === null ? ', not yet acknowledged' : ''}`,
    ),
  ]
}

function setbackLine(setback: MonthlyReview['setbacks'][number]): string {
  const parts = [`Opened ${formatIsoDate(setback.openedOn)}`]
  if (setback.whatWeTry.trim()) parts.push(`What we will try: ${setback.whatWeTry}`)
  parts.push(setback.completedOn ? describeUpgrade(setback.upgrade) : 'Still open')
  return parts.join(' · ')
}

/** The review's parts in order, each a title and its lines (what to say when it has none). */
export function monthlyReviewParts(
  review: MonthlyReview,
  metrics: readonly Metric[],
  names: Names,
): ReviewPart[] {
  const byId = new Map(metrics.map((metric) => [metric.id, metric]))
  const titleOf = (id: string) => byId.get(id)?.title ?? id
  const { done, notDone } = review.steps
  return [
    {
      title: 'What changed',
      lines: changes(review),
      empty: 'No changes to the goals or the plan this month.',
    },
    {
      title: 'Each metric against its target (two-week figures)',
      lines: review.metrics.map((item) => metricLine(item, byId.get(item.id), names)),
      empty: 'No metrics chosen yet.',
    },
    { title: 'Flags', lines: flagLines(review, titleOf, names), empty: '' },
    {
      title: 'Setback reviews',
      lines: review.setbacks.map(setbackLine),
      empty: 'No setback reviews this month.',
    },
    {
      title: 'Stepping stones done',
      lines: done.map((step) => [`${step.title} (${step.goalTitle})`, step.done].filter(Boolean).join(' · ')),
      empty: 'None marked done yet.',
    },
    {
      title: 'Stepping stones not done yet',
      lines: notDone.map((step) =>
        [
          `${step.title} (${step.goalTitle})`,
          step.whyNot && `Why not yet: ${step.whyNot}`,
          step.next && `Next: ${step.next}`,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      empty: done.length > 0 ? 'Every stepping stone is done.' : 'No stepping stones yet.',
    },
  ]
}
