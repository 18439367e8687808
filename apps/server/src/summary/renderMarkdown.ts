import { COLUMNS } from '@session-board/board'
import type { SessionSummary } from './sessionSummary.ts'
import {
  attendeeLine,
  columnHeadings,
  consentText,
  experimentLines,
  formatIsoDate,
  goalDetails,
  gridHidden,
  gridLegend,
  phaseLine,
  ratingLines,
  scorePair,
  sessionDate,
} from './wording.ts'

/** What people wrote is text, not Markdown: its markup characters are escaped and lines joined. */
function text(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([\\`*_{}[\]<>#|!~])/g, '\\$1')
    .replace(/^([-+]|\d+\.)(\s)/, '\\$1$2')
}

const bullets = (lines: string[], empty: string): string[] =>
  lines.length > 0 ? lines.map((line) => `- ${line}`) : [`_${empty}_`]

export function renderMarkdown(summary: SessionSummary): string {
  const out: string[] = []
  const section = (heading: string, lines: string[]) => out.push('', `## ${heading}`, '', ...lines)

  out.push(`# ${text(summary.title) || 'Session'}`, '', `Session summary · ${sessionDate(summary)}`)

  section(
    'Attendees',
    bullets(
      summary.attendees.map((attendee) => text(attendeeLine(attendee))),
      'Nobody',
    ),
  )

  section(
    'Goals',
    bullets(
      summary.goals.map((goal) => {
        const title = `**${text(goal.title) || 'Untitled goal'}**${goal.nonNegotiable ? ' (non-negotiable)' : ''}`
        const details = goalDetails(goal).map(text)
        return [`${title}: ${text(consentText(goal))}`, ...details].join('  \n  ')
      }),
      'No goals yet.',
    ),
  )

  section(
    'Review: keep, stop, start',
    COLUMNS.flatMap((column) => [
      `### ${columnHeadings[column]}`,
      '',
      ...bullets(
        summary.reviewCards[column].map((card) =>
          [text(card.text), ...ratingLines(card, summary.partnerNames).map(text)].join('  \n  '),
        ),
        'Nothing.',
      ),
      '',
    ]).slice(0, -1),
  )

  section(
    'Experiment for the week',
    summary.experiment ? [experimentLines(summary.experiment).map(text).join('  \n')] : ['_None chosen._'],
  )

  if (!summary.grid) section('Decision grid', [`_${gridHidden}_`])
  else {
    const { criteria, rows } = summary.grid
    section('Decision grid', [
      text(gridLegend(summary)),
      '',
      `| Option | ${criteria.map(text).join(' | ')} | Total |`,
      `| --- | ${criteria.map(() => '---:').join(' | ')} | ---: |`,
      ...rows.map(
        (row) =>
          `| ${text(row.proposal)} | ${row.scores.map(scorePair).join(' | ')} | ${scorePair(row.total)} |`,
      ),
    ])
  }

  section(
    'Appreciations',
    bullets(
      summary.appreciations.map(
        (praise) => `${text(praise.from)} to ${text(praise.to)}: “${text(praise.text)}”`,
      ),
      'None written.',
    ),
  )

  section(
    'Huddle timeline',
    summary.huddle
      ? bullets(
          summary.huddle.phases.map((phase) => text(phaseLine(phase))),
          'No parts.',
        )
      : ['_No huddle finished in this session._'],
  )

  section('Next review', [summary.nextReview ? formatIsoDate(summary.nextReview) : '_No date set._'])

  const review = summary.monthlyReview
  section(
    review.heading,
    review.parts
      .flatMap((part) => [`### ${part.title}`, '', ...bullets(part.lines.map(text), part.empty), ''])
      .slice(0, -1),
  )
  return out.join('\n') + '\n'
}
