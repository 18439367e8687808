import { useMemo } from 'react'
import { wordingHints } from '@session-board/board'
import type { WordingHint } from '@session-board/board'
import './wording.css'

/** The id of a field's wording note, for the field's aria-describedby. */
export const wordingNoteId = (fieldId: string) => `${fieldId}-wording`

export function useWordingHints(text: string): WordingHint[] {
  return useMemo(() => wordingHints(text), [text])
}

/** One line per kind of wording and language, naming the words found, so repeats do not pile up. */
function groupHints(hints: WordingHint[]) {
  const groups = new Map<string, { hint: WordingHint; words: string[] }>()
  for (const hint of hints) {
    const key = `${hint.language}:${hint.kind}`
    const group = groups.get(key) ?? { hint, words: [] }
    const word = hint.match.replace(/\s+/g, ' ')
    if (!group.words.some((seen) => seen.toLowerCase() === word.toLowerCase())) group.words.push(word)
    groups.set(key, group)
  }
  return [...groups.values()]
}

interface Props {
  fieldId: string
  hints: WordingHint[]
}

/**
 * A quiet suggestion under a field. The region is always there, so screen readers hear a new hint
 * politely; nothing in it stops anyone from typing or saving what they meant.
 */
export function WordingNote({ fieldId, hints }: Props) {
  const groups = groupHints(hints)
  return (
    <div id={wordingNoteId(fieldId)} className="wording-note" aria-live="polite">
      {groups.length > 0 && (
        <>
          <p className="wording-note__intro">A thought on wording:</p>
          <ul className="wording-note__list">
            {groups.map(({ hint, words }) => (
              <li key={`${hint.language}:${hint.kind}`} lang={hint.language}>
                <span className="wording-note__words">{words.map((word) => `“${word}”`).join(', ')}</span>{' '}
                {hint.suggestion}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
