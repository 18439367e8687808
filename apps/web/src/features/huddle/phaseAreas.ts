import type { PhaseKind } from '@session-board/board'

/** Where each phase happens on the board: following the therapist scrolls there. */
export const phaseAreaId: Record<PhaseKind, string> = {
  checkIn: 'huddle-heading',
  review: 'review-heading',
  experiment: 'canvas-heading',
  appreciation: 'huddle-heading',
  custom: 'huddle-heading',
}

export const checkInPrompts = [
  { prompt: 'feelings', label: 'Feelings', hint: 'What I have been feeling this week.' },
  { prompt: 'facts', label: 'Facts', hint: 'What happened, as a camera would have seen it.' },
  { prompt: 'needs', label: 'Needs', hint: 'What I need more of, or less of.' },
  { prompt: 'requests', label: 'Requests', hint: 'One concrete thing I would like to ask for.' },
  { prompt: 'appreciation', label: 'Appreciation', hint: 'Something my partner did that I valued.' },
] as const
