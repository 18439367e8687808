import type { HintKind, HintLanguage } from './patterns.ts'
import { suggestions, wordingPatterns } from './patterns.ts'

/** A blame or absolute word found in a text, where it is, and a gentler way to say it. */
export interface WordingHint {
  kind: HintKind
  /** The words as they were written. */
  match: string
  /** Where they start in the text (UTF-16 offset, as `String.prototype.slice` counts). */
  index: number
  suggestion: string
  language: HintLanguage
}

const letterOrDigit = '[\\p{L}\\p{N}_]'

/**
 * Each pattern guarded on both sides, so a word inside a longer one ("nevertheless", "siempreviva",
 * "alwaysOn") or a hyphenated compound ("never-ending") does not count.
 */
const compiled = wordingPatterns.map((pattern) => ({
  ...pattern,
  regex: new RegExp(
    `(?<!${letterOrDigit}-?)(?:${pattern.source.replaceAll(' ', '\\s+')})(?!-?${letterOrDigit})`,
    'gu',
  ),
}))

const apostrophes = /[\u2018\u2019\u02bc\u0060\u00b4]/u

/**
 * Lower-cases the text and takes accents off, one character at a time, remembering where each
 * character of the result came from so a match can be reported in the original text.
 */
function normalise(text: string): { folded: string; origin: number[] } {
  let folded = ''
  const origin: number[] = []
  let offset = 0
  for (const char of text) {
    const plain = apostrophes.test(char) ? "'" : char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    for (let i = 0; i < plain.length; i++) origin.push(offset)
    folded += plain
    offset += char.length
  }
  origin.push(offset)
  return { folded, origin }
}

/** Finds absolute words, blame openers and trait labels in English and Spanish, in text order. */
export function wordingHints(text: string): WordingHint[] {
  if (text.trim() === '') return []
  const { folded, origin } = normalise(text)
  const hints: WordingHint[] = []
  for (const pattern of compiled) {
    for (const found of folded.matchAll(pattern.regex)) {
      const start = origin[found.index] ?? 0
      const end = origin[found.index + found[0].length] ?? text.length
      hints.push({
        kind: pattern.kind,
        match: text.slice(start, end),
        index: start,
        suggestion: suggestions[pattern.language][pattern.kind],
        language: pattern.language,
      })
    }
  }
  return hints.sort((a, b) => a.index - b.index)
}
