import type { Column } from '@session-board/board'
import PDFDocument from 'pdfkit'
import { breakLongWords } from './breakLongWords.ts'
import { paintHeatmap, paintLineChart } from './pdfCharts.ts'
import type { SessionSummary, SummaryGrid, SummaryPhase } from './sessionSummary.ts'
import {
  attendeeLine,
  columnHeadings,
  consentText,
  duration,
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

type Pdf = InstanceType<typeof PDFDocument>

const MARGIN = 56
const INK = '#1f2933'
const MUTED = '#5f6b7a'
const RULE = '#c9d1db'
const AGREED = '#1e7a46'
const WAITING = '#9a5b00'
const ACCENT = '#3b6ea8'

/**
 * The standard PDF fonts (embedded by pdfkit, no files, no network) cover Windows-1252 only; anything
 * else people typed is shown as "?" rather than as a wrong glyph.
 */
const extras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')
function printable(value: string): string {
  return [...value.replace(/\s+/g, ' ').trim()]
    .map((char) => ((char.codePointAt(0) ?? 0) <= 0xff || extras.has(char) ? char : '?'))
    .join('')
}

/**
 * Text ready to draw at the current font and size: no word wider than `width` (see breakLongWords).
 * Call it after setting the font, which it measures with.
 */
function fit(pdf: Pdf, text: string, width: number): string {
  return breakLongWords(text, width, (part) => pdf.widthOfString(part))
}

/** The page's text width from the left margin, less an indent. */
const textWidth = (pdf: Pdf, indent = 0): number => pdf.page.width - 2 * MARGIN - indent

// The footer repeats the title on every page on one line; a very long one is cut short.
const FOOTER_TITLE_LENGTH = 60
function footerTitle(title: string): string {
  const text = printable(title)
  return text.length > FOOTER_TITLE_LENGTH ? `${text.slice(0, FOOTER_TITLE_LENGTH - 1)}…` : text
}

function heading(pdf: Pdf, title: string): void {
  // Keep a heading with at least a few lines of what follows it.
  if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 90) pdf.addPage()
  pdf.moveDown(0.9)
  pdf.font('Helvetica-Bold').fontSize(13).fillColor(INK).text(title)
  const y = pdf.y + 2
  pdf
    .moveTo(MARGIN, y)
    .lineTo(pdf.page.width - MARGIN, y)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke()
  pdf.y = y + 6
}

function paragraph(pdf: Pdf, value: string, options: { color?: string; bold?: boolean; size?: number } = {}) {
  pdf
    .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(options.size ?? 10.5)
    .fillColor(options.color ?? INK)
  const width = textWidth(pdf)
  pdf.text(fit(pdf, printable(value), width), MARGIN, pdf.y, { width, lineGap: 1.5 })
}

function note(pdf: Pdf, value: string): void {
  pdf.font('Helvetica-Oblique').fontSize(10).fillColor(MUTED)
  const width = textWidth(pdf)
  pdf.text(fit(pdf, printable(value), width), MARGIN, pdf.y, { width })
}

function bullets(pdf: Pdf, items: string[], empty: string, indent = 0): void {
  if (items.length === 0) return note(pdf, empty)
  pdf.font('Helvetica').fontSize(10.5).fillColor(INK)
  const width = textWidth(pdf, indent)
  for (const item of items) {
    pdf.text(fit(pdf, `•  ${printable(item)}`, width), MARGIN + indent, pdf.y, {
      width,
      lineGap: 1.5,
      indent: 0,
    })
    pdf.moveDown(0.15)
  }
  pdf.x = MARGIN
}

/** A column's cards as bullets, each with its ratings below it in small grey lines. */
function reviewCards(pdf: Pdf, summary: SessionSummary, column: Column): void {
  const cards = summary.reviewCards[column]
  if (cards.length === 0) return bullets(pdf, [], 'Nothing.', 8)
  for (const card of cards) {
    bullets(pdf, [card.text], '', 8)
    const lines = ratingLines(card, summary.partnerNames)
    if (lines.length === 0) continue
    pdf.font('Helvetica').fontSize(9).fillColor(MUTED)
    const width = textWidth(pdf, 20)
    for (const line of lines) pdf.text(fit(pdf, printable(line), width), MARGIN + 20, pdf.y, { width })
    pdf.moveDown(0.2)
    pdf.x = MARGIN
  }
}

function goals(pdf: Pdf, summary: SessionSummary): void {
  if (summary.goals.length === 0) return note(pdf, 'No goals yet.')
  for (const goal of summary.goals) {
    const title = (goal.title.trim() || 'Untitled goal') + (goal.nonNegotiable ? '  (non-negotiable)' : '')
    paragraph(pdf, title, { bold: true })
    paragraph(pdf, consentText(goal), { color: goal.agreed ? AGREED : WAITING, bold: true, size: 10 })
    for (const detail of goalDetails(goal)) paragraph(pdf, detail, { color: MUTED, size: 9.5 })
    pdf.moveDown(0.5)
  }
}

function gridTable(pdf: Pdf, table: SummaryGrid): void {
  const width = pdf.page.width - 2 * MARGIN
  const first = Math.min(200, width * 0.4)
  const rest = (width - first) / (table.criteria.length + 1)
  const widths = [first, ...table.criteria.map(() => rest), rest]
  const row = (values: string[], bold: boolean) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5)
    const cells = values.map((value, i) => fit(pdf, value, (widths[i] ?? rest) - 8))
    const height = Math.max(
      ...cells.map((cell, i) => pdf.heightOfString(cell, { width: (widths[i] ?? rest) - 8 })),
    )
    if (pdf.y + height + 8 > pdf.page.height - pdf.page.margins.bottom) pdf.addPage()
    const top = pdf.y
    let x = MARGIN
    cells.forEach((cell, i) => {
      const cellWidth = widths[i] ?? rest
      pdf
        .fillColor(INK)
        .text(cell, x + 4, top + 4, { width: cellWidth - 8, align: i === 0 ? 'left' : 'right' })
      x += cellWidth
    })
    const bottom = top + height + 8
    pdf
      .moveTo(MARGIN, bottom)
      .lineTo(MARGIN + width, bottom)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke()
    pdf.x = MARGIN
    pdf.y = bottom
  }
  row(['Option', ...table.criteria.map(printable), 'Total'], true)
  for (const line of table.rows)
    row([printable(line.proposal), ...line.scores.map(scorePair), scorePair(line.total)], false)
}

/** Each part as a line of text over a bar: the planned time in grey, the time it took in blue. */
function timeline(pdf: Pdf, phases: SummaryPhase[]): void {
  const width = pdf.page.width - 2 * MARGIN
  const longest = Math.max(1, ...phases.flatMap((phase) => [phase.plannedMs, phase.actualMs]))
  for (const phase of phases) {
    if (pdf.y + 30 > pdf.page.height - pdf.page.margins.bottom) pdf.addPage()
    paragraph(pdf, phaseLine(phase), { size: 10 })
    const y = pdf.y + 2
    pdf
      .rect(MARGIN, y, (width * phase.plannedMs) / longest, 5)
      .fillColor('#e3e8ee')
      .fill()
    pdf
      .rect(MARGIN, y, (width * phase.actualMs) / longest, 5)
      .fillColor(ACCENT)
      .fill()
    pdf.y = y + 11
  }
  const total = phases.reduce((sum, phase) => sum + phase.actualMs, 0)
  const planned = phases.reduce((sum, phase) => sum + phase.plannedMs, 0)
  paragraph(pdf, `In all: ${duration(total)} of ${duration(planned)} planned`, { color: MUTED, size: 9.5 })
}

/** A part's title, kept with the first lines below it. */
function subheading(pdf: Pdf, title: string): void {
  if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 50) pdf.addPage()
  pdf.moveDown(0.3)
  paragraph(pdf, title, { bold: true, color: ACCENT })
  pdf.moveDown(0.15)
}

/** The month's review in words, then its charts on pages of their own. */
function monthlyReview(pdf: Pdf, summary: SessionSummary): void {
  const { heading: title, parts, charts } = summary.monthlyReview
  heading(pdf, title)
  for (const part of parts) {
    subheading(pdf, part.title)
    bullets(pdf, part.lines, part.empty)
  }
  if (charts.lines.length + charts.heatmaps.length === 0) return
  pdf.addPage()
  heading(pdf, `${title}: charts`)
  for (const chart of charts.lines) {
    paintLineChart(pdf, chart)
    pdf.moveDown(0.6)
  }
  for (const map of charts.heatmaps) {
    paintHeatmap(pdf, map)
    pdf.moveDown(0.4)
  }
}

function footers(pdf: Pdf, summary: SessionSummary): void {
  const range = pdf.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i)
    const bottom = pdf.page.margins.bottom
    // Writing into the bottom margin would otherwise start a new page.
    pdf.page.margins.bottom = 0
    pdf
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text(
        `${footerTitle(summary.title)} · ${sessionDate(summary)} · page ${i + 1} of ${range.count}`,
        MARGIN,
        pdf.page.height - 36,
        { width: pdf.page.width - 2 * MARGIN, align: 'center', lineBreak: false },
      )
    pdf.page.margins.bottom = bottom
  }
}

function write(pdf: Pdf, summary: SessionSummary): void {
  pdf.font('Helvetica-Bold').fontSize(21).fillColor(INK)
  pdf.text(fit(pdf, printable(summary.title) || 'Session', textWidth(pdf)), { width: textWidth(pdf) })
  pdf
    .font('Helvetica')
    .fontSize(11)
    .fillColor(MUTED)
    .text(`Session summary · ${sessionDate(summary)}${summary.status === 'ended' ? ' · ended' : ''}`)

  heading(pdf, 'Attendees')
  bullets(pdf, summary.attendees.map(attendeeLine), 'Nobody.')

  heading(pdf, 'Goals')
  goals(pdf, summary)

  heading(pdf, 'Review: keep, stop, start')
  // The headings' keys, in the board's order: the renderer needs no more of the board package, so
  // the worker it runs in loads pdfkit alone.
  for (const column of Object.keys(columnHeadings) as Column[]) {
    paragraph(pdf, columnHeadings[column], { bold: true, color: ACCENT })
    reviewCards(pdf, summary, column)
    pdf.moveDown(0.3)
  }

  heading(pdf, 'Experiment for the week')
  if (summary.experiment) {
    const [plan = '', ...rest] = experimentLines(summary.experiment)
    paragraph(pdf, plan, { bold: true })
    for (const line of rest) paragraph(pdf, line, { color: MUTED, size: 10 })
  } else note(pdf, 'None chosen.')

  heading(pdf, 'Decision grid')
  if (summary.grid) {
    note(pdf, gridLegend(summary))
    gridTable(pdf, summary.grid)
  } else note(pdf, gridHidden)

  heading(pdf, 'Appreciations')
  if (summary.appreciations.length === 0) note(pdf, 'None written.')
  for (const praise of summary.appreciations) {
    paragraph(pdf, `${praise.from} to ${praise.to}`, { bold: true, size: 10 })
    paragraph(pdf, `“${praise.text}”`)
    pdf.moveDown(0.4)
  }

  heading(pdf, 'Huddle timeline')
  if (summary.huddle) timeline(pdf, summary.huddle.phases)
  else note(pdf, 'No huddle finished in this session.')

  heading(pdf, 'Next review')
  if (summary.nextReview) paragraph(pdf, formatIsoDate(summary.nextReview), { bold: true })
  else note(pdf, 'No date set.')

  monthlyReview(pdf, summary)
}

/** The summary as an A4 PDF (pdfkit, standard fonts). */
export function renderPdf(summary: SessionSummary): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `Session summary: ${printable(summary.title)}`, Subject: 'Session summary' },
    lang: 'en',
    displayTitle: true,
  })
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    pdf.on('error', reject)
  })
  write(pdf, summary)
  footers(pdf, summary)
  pdf.end()
  return done
}
