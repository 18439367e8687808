/** The check-in's five prompts, each with a hint for the partner who answers it. */
export const checkInPrompts = [
  { prompt: 'feelings', label: 'Feelings', hint: 'What I have been feeling this week.' },
  { prompt: 'facts', label: 'Facts', hint: 'What happened, as a camera would have seen it.' },
  { prompt: 'needs', label: 'Needs', hint: 'What I need more of, or less of.' },
  { prompt: 'requests', label: 'Requests', hint: 'One concrete thing I would like to ask for.' },
  { prompt: 'appreciation', label: 'Appreciation', hint: 'Something my partner did that I valued.' },
] as const
