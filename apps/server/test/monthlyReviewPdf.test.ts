import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ProgressEntry } from '@session-board/board'
import {
  DIAL_METRICS,
  addDays,
  addGoal,
  addStep,
  completeSetback,
  startSetbackReview,
  updateSetback,
  updateStep,
} from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, makeTempDir, pdfText } from './helpers.ts'
import { openRoom, startSecureServer } from './access/people.ts'
import { choosePlanMetrics, coupleOf, entryFor, menuMetric, progressApi } from './progress/progress.ts'

const run = promisify(execFile)
const cleanup = createCleanup()
afterEach(() => cleanup.run())

const agreed = 'We take a time-out and call the clinic line.'
const safety = { ...DIAL_METRICS.safety, flags: { yellow: 6, red: 4, responses: { red: agreed } } }
const rituals = menuMetric('routines:rituals')
const journalWords = 'I felt unheard at dinner again'

const oneDecimal = (value: number) => String(Math.round(value * 10) / 10)
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length

/** The rating's two-week figure on `today`, worked out by hand: each day's mean, then the days' mean. */
function ratingAverage(entries: ProgressEntry[], today: string, partner?: string): number {
  const byDay = new Map<string, number[]>()
  for (const entry of entries) {
    if (entry.metricId !== safety.id || (partner && entry.partner !== partner)) continue
    if (entry.day < addDays(today, -13) || entry.day > today) continue
    byDay.set(entry.day, [...(byDay.get(entry.day) ?? []), entry.value])
  }
  return mean([...byDay.values()].map(mean))
}

/** Share of each rendered page's pixels that are not white, from page `first` to the last. */
async function inkOnPages(pdf: Uint8Array, first: number): Promise<number[]> {
  const dir = await makeTempDir(cleanup)
  const file = join(dir, 'summary.pdf')
  await writeFile(file, pdf)
  const { stdout } = await run('pdfinfo', [file])
  const pages = Number(/Pages:\s+(\d+)/.exec(stdout)?.[1])
  await run('pdftoppm', [
    '-gray',
    '-r',
    '40',
    '-f',
    String(first),
    join(dir, 'summary.pdf'),
    join(dir, 'page'),
  ])
  const shares: number[] = []
  for (let page = first; page <= pages; page++) {
    const digits = String(pages).length
    const image = await readFile(join(dir, `page-${String(page).padStart(digits, '0')}.pgm`))
    // A binary PGM: three header lines ("P5", size, 255), then one byte a pixel.
    const header = image.subarray(0, 40).toString('latin1').split('\n').slice(0, 3).join('\n').length + 1
    const pixels = image.subarray(header)
    let marked = 0
    for (const pixel of pixels) if (pixel < 240) marked++
    shares.push(marked / pixels.length)
  }
  return shares
}

/** The number of the first page whose text holds `words`. */
async function pageWith(pdf: Uint8Array, words: string): Promise<number> {
  const dir = await makeTempDir(cleanup)
  const file = join(dir, 'summary.pdf')
  await writeFile(file, pdf)
  const { stdout } = await run('pdftotext', ['-layout', file, '-'])
  const index = stdout.split('\f').findIndex((page) => page.replace(/\s+/g, ' ').includes(words))
  expect(index).toBeGreaterThanOrEqual(0)
  return index + 1
}

describe('the monthly review in the session summary', () => {
  it('holds the month’s figures, flags, setback and stepping stones, with charts that are drawn', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, { title: 'Week 6', partnerAName: 'Ari', partnerBName: 'Bo' })
    const coupleId = await coupleOf(room)
    await choosePlanMetrics(server, coupleId, [safety, rituals])

    // The last ten days, as the partners' phones logged them; the session has not started, so its
    // month is this one.
    const now = Date.now()
    const today = new Date(now).toISOString().slice(0, 10)
    const month = today.slice(0, 7)
    const logged = { loggedAt: now, utcOffsetMinutes: 0 }
    const fromA: ProgressEntry[] = []
    const fromB: ProgressEntry[] = []
    for (let back = 9; back >= 0; back--) {
      const day = addDays(today, -back)
      fromA.push(entryFor(safety.id, 7 + (back % 3), { ...logged, day }))
      if (back % 2 === 0) fromA.push(entryFor(rituals.id, 1, { ...logged, day }))
      // Bo's roughest evening is today: a red Safety.
      const value = back === 0 ? 3 : 8
      fromB.push(entryFor(safety.id, value, { ...logged, day, partner: 'partnerB' }))
    }
    fromA.push(entryFor(rituals.id, 1, { ...logged, day: today, note: journalWords }))
    expect((await progressApi(room.partnerA.browser, coupleId).log(fromA)).status).toBe(200)
    const answerB = await progressApi(room.partnerB.browser, coupleId).log(fromB)
    expect(answerB.status).toBe(200)
    const raised = (
      (await answerB.json()) as { entries: { flag?: { id: string; level: string } }[] }
    ).entries.flatMap((entry) => (entry.flag ? [entry.flag] : []))
    expect(raised.map((flag) => flag.level)).toEqual(['red'])

    // In session, the therapist turns the flag into a setback review and a routine for rough weeks.
    await server.access.registry.write(coupleId, (doc) => {
      const setbackId = startSetbackReview(doc, { flagId: raised[0]?.id ?? '' })
      updateSetback(doc, setbackId, {
        whatHappened: 'A late argument about money.',
        whatHelped: 'The time-out.',
        whatWeTry: 'Money talks only on Sunday mornings',
        affirmation: 'You both stopped in time.',
        nextStep: 'Put Sunday on the calendar.',
      })
      const problem = completeSetback(doc, setbackId, {
        kind: 'routine',
        text: 'Tea together on a rough evening',
      })
      if (problem) throw new Error(problem.reason)
      const goalId = addGoal(doc, { title: 'Calmer evenings' })
      updateStep(doc, addStep(doc, goalId, 'Evening walk twice'), {
        status: 'done',
        sinceDone: 'Walked on Friday',
      })
      updateStep(doc, addStep(doc, goalId, 'Phones away at nine'), { sinceWhyNot: 'Late shifts' })
    })

    const entries = [...fromA, ...fromB]
    const couple = oneDecimal(ratingAverage(entries, today))
    const ari = oneDecimal(ratingAverage(entries, today, 'partnerA'))
    const bo = oneDecimal(ratingAverage(entries, today, 'partnerB'))
    // Six rituals over the nine days since the first, counted as a figure per week.
    const ritualsAWeek = oneDecimal((6 * 7) / 9)
    const heading = `Monthly review — ${new Date(`${month}-15`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric' })}`
    const expected = [
      heading,
      `Safety: ${couple} out of 10`,
      `Ari ${ari} out of 10 · Bo ${bo} out of 10`,
      `We kept a connection ritual: ${ritualsAWeek} a week, on target (3 or more)`,
      'Red flags: 1 (0 acknowledged, 1 waiting)',
      'Yellow flags: 0',
      'What we will try: Money talks only on Sunday mornings',
      'Plan upgrade: minimum viable routine “Tea together on a rough evening”',
      'Evening walk twice (Calmer evenings) · Walked on Friday',
      'Phones away at nine (Calmer evenings) · Why not yet: Late shifts',
    ]

    const base = `/api/sessions/${room.sessionId}`
    const browser = room.therapist.browser
    const preview = await browser.json<{ monthlyReview: { heading: string; review: { month: string } } }>(
      'GET',
      `${base}/summary`,
    )
    expect(preview.monthlyReview.heading).toBe(heading)
    expect(preview.monthlyReview.review.month).toBe(month)

    const markdown = await (await browser.request('GET', `${base}/summary.md`)).text()
    expect(markdown).toContain(`## ${heading}`)
    for (const words of expected.slice(1)) expect(markdown).toContain(words)

    const response = await browser.request('GET', `${base}/summary.pdf`)
    expect(response.status).toBe(200)
    const pdf = new Uint8Array(await response.arrayBuffer())
    const text = await pdfText(cleanup, pdf)
    for (const words of expected) expect(text).toContain(words)
    // The charts carry the same summary sentences as the web page.
    expect(text).toContain('We kept a connection ritual')
    expect(text).toContain('Safety, day by day')
    // A partner's journal line stays out of the summary.
    for (const exported of [text, markdown, JSON.stringify(preview)])
      expect(exported).not.toContain(journalWords)

    const charts = await pageWith(pdf, `${heading}: charts`)
    const ink = await inkOnPages(pdf, charts)
    expect(ink.length).toBeGreaterThan(0)
    for (const share of ink) expect(share).toBeGreaterThan(0.01)
  })
})
