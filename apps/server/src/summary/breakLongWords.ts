/** The width of a text in the font and size it will be drawn in. */
export type Measure = (text: string) => number

// Room left for kerning and rounding, so a piece never comes out wider than pdfkit's line.
const SLACK = 0.98

/**
 * pdfkit cuts a word wider than its line by re-measuring the whole rest of the word for every line it
 * cuts off: quadratic in the word's length (a 128,000-character word took 16 s). This cuts such words
 * into pieces that fit, with line breaks between them, before pdfkit sees the text, so pdfkit only
 * ever wraps words narrower than a line and the work stays linear in the text.
 *
 * `text` has single spaces between words (as `printable` leaves it). Lines are followed as pdfkit fills
 * them (greedily, a word's trailing space counted with it), so a long word first fills the rest of the
 * line it starts on, as pdfkit itself would place it.
 */
export function breakLongWords(text: string, width: number, measure: Measure): string {
  const words = text.split(' ')
  const space = measure(' ')
  const budget = width * SLACK
  const charWidths = new Map<string, number>()
  const charWidth = (char: string): number => {
    let w = charWidths.get(char)
    if (w === undefined) {
      w = measure(char)
      charWidths.set(char, w)
    }
    return w
  }
  let x = 0
  const out = words.map((word) => {
    const w = measure(word)
    if (w <= budget) {
      x = x > 0 && x + w <= width ? x + w + space : w + space
      return word
    }
    const { pieces, last } = cut(word, x > 0 ? budget - x : budget, budget, charWidth, measure)
    x = last + space
    return pieces.join('\n')
  })
  return out.join(' ')
}

/** Greedy pieces of `word`: the first at most `first` wide (a whole line if that is too little). */
function cut(
  word: string,
  first: number,
  budget: number,
  charWidth: (char: string) => number,
  measure: Measure,
): { pieces: string[]; last: number } {
  const chars = [...word]
  const widthAt = (index: number) => charWidth(chars[index] ?? '')
  const pieces: string[] = []
  let room = first >= widthAt(0) ? first : budget
  let start = 0
  while (start < chars.length) {
    // At least one character per piece, so even a line narrower than a character moves on.
    let end = start + 1
    let sum = widthAt(start)
    while (end < chars.length && sum + widthAt(end) <= room) sum += widthAt(end++)
    let piece = chars.slice(start, end).join('')
    // Kerning can make a piece a little wider than its characters' sum: give characters back.
    while (end > start + 1 && measure(piece) > room) piece = chars.slice(start, --end).join('')
    pieces.push(piece)
    start = end
    room = budget
  }
  return { pieces, last: measure(pieces.at(-1) ?? '') }
}
