import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { DIAL_METRICS, METRIC_MENU, addDays, latest } from '@session-board/board'
import type { Metric, ProgressEntry } from '@session-board/board'
import { dailyFigures, summarize } from '@session-board/charts'
import PDFDocument from 'pdfkit'
import { afterEach, describe, expect, it } from 'vitest'
import { drawHeatmap, drawLineChart } from '../src/summary/progressCharts.ts'
import { createCleanup, makeTempDir, pdfText } from './helpers.ts'

const run = promisify(execFile)
const cleanup = createCleanup()
afterEach(() => cleanup.run())

const rituals = METRIC_MENU.routines[0] as Metric
const safety = DIAL_METRICS.safety
const from = '2026-01-05'
const to = '2026-02-01'

/** Four weeks: a ritual most days, Safety each day from both partners, one bad week in the middle. */
function fourWeeks(): ProgressEntry[] {
  const entries: ProgressEntry[] = []
  for (let index = 0; index < 28; index++) {
    const day = addDays(from, index)
    const base = {
      day,
      loggedAt: Date.UTC(2026, 0, 5 + index, 20),
      utcOffsetMinutes: 60,
      privacy: 'shared' as const,
    }
    const id = (n: number) => `00000000-0000-4000-8000-${String(index * 10 + n).padStart(12, '0')}`
    if (index % 3 !== 0)
      entries.push({ ...base, id: id(1), metricId: rituals.id, partner: 'partnerA', value: 1 })
    const rough = index >= 10 && index < 14
    entries.push({ ...base, id: id(2), metricId: safety.id, partner: 'partnerA', value: rough ? 4 : 8 })
    entries.push({ ...base, id: id(3), metricId: safety.id, partner: 'partnerB', value: rough ? 5 : 7 })
  }
  return entries
}

function render(draw: (pdf: InstanceType<typeof PDFDocument>) => void): Promise<Uint8Array> {
  const pdf = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 70, left: 56, right: 56 } })
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    pdf.on('error', reject)
  })
  draw(pdf)
  pdf.end()
  return done
}

/** Share of a rendered page's pixels that are not white: ink, bands and dots. */
async function inkOnFirstPage(pdf: Uint8Array): Promise<number> {
  const dir = await makeTempDir(cleanup)
  await writeFile(join(dir, 'charts.pdf'), pdf)
  await run('pdftoppm', [
    '-gray',
    '-r',
    '40',
    '-f',
    '1',
    '-l',
    '1',
    join(dir, 'charts.pdf'),
    join(dir, 'page'),
  ])
  const image = await readFile(join(dir, 'page-1.pgm'))
  // A binary PGM: three header lines ("P5", size, 255), then one byte a pixel.
  const header = image.subarray(0, 40).toString('latin1').split('\n').slice(0, 3).join('\n').length + 1
  const pixels = image.subarray(header)
  let marked = 0
  for (const pixel of pixels) if (pixel < 240) marked++
  return marked / pixels.length
}

describe('progress charts in the PDF', () => {
  it('draws a line chart and a heatmap with the same summary as the web page', async () => {
    const entries = fourWeeks()
    const pdf = await render((doc) => {
      drawLineChart(doc, { metric: rituals, entries, from, to })
      drawLineChart(doc, { metric: safety, entries, from, to, flags: [{ day: '2026-01-15', level: 'red' }] })
      drawHeatmap(doc, {
        title: 'Safety, day by day',
        figures: dailyFigures(entries, safety, { from, to }),
        from,
        to,
        lowest: 0,
        highest: 10,
      })
    })
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-')

    const text = await pdfText(cleanup, pdf)
    const ritualSummary = summarize(latest(entries, rituals, { today: to }), rituals)
    expect(ritualSummary).toBe('Two-week average 4.5 a week, on target (3 or more).')
    expect(text).toContain(rituals.title)
    expect(text).toContain(ritualSummary)
    expect(text).toContain(summarize(latest(entries, safety, { today: to }), safety))
    expect(text).toContain('28 of 28 days logged.')
    expect(await inkOnFirstPage(pdf)).toBeGreaterThan(0.02)
  })
})
