// Prints the progress part: one table of the four figures, each progress row beside its review-board
// baseline from the same run with the ratio, and each row's other load.
import { fixed, ratio, table } from '../markdown.ts'
import { maxOtherCores } from '../program/otherLoad.ts'
import type { ProgressResult } from './progressBench.ts'

const ms = (value: number): string => (Number.isFinite(value) ? fixed(value, value < 10 ? 2 : 1) : '–')
const kib = (bytes: number): string => fixed(bytes / 1024, 1)
const load = (cores: number): string =>
  `${fixed(cores, 2)}${Number.isFinite(cores) && cores > maxOtherCores ? ' (disturbed)' : ''}`

export function progressReport(result: ProgressResult): string {
  const lines = [
    `## progress: a couple with ${result.weeks} weeks of daily entries (2 partners × 10 metrics and the three dials)`,
    '',
    `${result.entries} entries stored (${result.flagsSeeded} flags among them); baseline: the review board of the couple's live session (12 cards).`,
  ]
  if (result.error) lines.push('', `!!! FAIL: ${result.error}`)

  const [view, review, board] = result.compute
  if (view && review && board) {
    lines.push(
      '',
      '### 1. The pages’ data (HTTP to the server, then the shared module in the bench process)',
      '',
      ...table(
        [
          'data',
          'fetch p50 / p90 ms',
          'compute p50 / p90 ms',
          'total p50 / p90 ms',
          'server CPU ms/run',
          'KiB received',
          '÷ baseline (p50 / p90)',
          'other load',
        ],
        [view, review, board].map((row) => [
          row.name,
          `${ms(row.fetch.p50)} / ${ms(row.fetch.p90)}`,
          `${ms(row.compute.p50)} / ${ms(row.compute.p90)}`,
          `${ms(row.total.p50)} / ${ms(row.total.p90)}`,
          fixed(row.serverCpuMs, 1),
          kib(row.bytes),
          row === board
            ? '1×'
            : `${ratio(row.total.p50, board.total.p50)} / ${ratio(row.total.p90, board.total.p90)}`,
          load(row.otherCores),
        ]),
      ),
      '',
      `Progress view: GET entries and flags for ${result.weeks} weeks (+ 13 days for the first averages) as the therapist, then`,
      'rollingAverage and weeklyFigures for the 13 metrics and dials × (couple, partner A, partner B). Monthly review: the',
      'last whole month’s entries and flags as the review page asks for them, then reviewOfMonth() for it and the month',
      'before. Baseline: what the review board page receives, the session’s board synced by an unmodified y-websocket',
      'client from an empty document (KiB: the synced document’s encoded state).',
    )
  }

  if (result.loads) {
    const [progress, reviewBoard] = result.loads.pages
    lines.push('', '### 2. Link → interactive in Chromium (1280 × 800, cold cache)', '')
    if (result.loads.error) lines.push(`!!! FAIL: ${result.loads.error}`, '')
    if (progress && reviewBoard) {
      lines.push(
        ...table(
          ['page', 'loads', 'p50 ms', 'p90 ms', '÷ baseline (p50 / p90)', 'other load (worst)'],
          [progress, reviewBoard].map((page) => [
            `${page.page} (${page.path.replace(/\/(cpl|ses)_[^/]+/, '/$1_…')})`,
            String(page.samples.filter((s) => s.interactiveMs !== null).length),
            ms(page.interactive.p50),
            ms(page.interactive.p90),
            page === reviewBoard
              ? '1×'
              : `${ratio(page.interactive.p50, reviewBoard.interactive.p50)} / ${ratio(page.interactive.p90, reviewBoard.interactive.p90)}`,
            load(page.otherCores),
          ]),
        ),
        '',
        'Interactive: progress, the first chart drawn and a data-table button enabled; review board, the review',
        'heading visible and every card’s Move button enabled; then a frame and a task. The progress page shows its',
        'default period, the last 4 weeks (it loads 6 weeks of entries for the averages).',
      )
    }
    if (result.loads.pageErrors.length > 0)
      lines.push('', 'Page errors:', ...result.loads.pageErrors.map((e) => `- ${e}`))
  }

  if (result.chunks.length > 0) {
    const [progressPart] = result.chunks
    const fetched = result.fetched
    lines.push(
      '',
      '### 3. Gzip sizes (production build, Vite manifest)',
      '',
      ...table(
        ['part', 'files', 'KiB', 'gzip KiB', '÷ progress lazy part (gzip)'],
        [...result.chunks, ...fetched].map((part) => [
          part.name,
          String(part.files.length),
          kib(part.bytes),
          kib(part.gzip),
          part === progressPart ? '1×' : ratio(part.gzip, progressPart?.gzip ?? NaN),
        ]),
      ),
    )
    const [progressFetched, reviewFetched] = fetched
    if (progressFetched && reviewFetched)
      lines.push(
        '',
        `Fetched before interactive, progress ÷ review board: ${ratio(progressFetched.gzip, reviewFetched.gzip)} ` +
          `(+${kib(progressFetched.gzip - reviewFetched.gzip)} KiB gzip).`,
      )
  }

  if (result.roundTrips.length > 0) {
    const [flag, card] = result.roundTrips
    lines.push(
      '',
      '### 4. Save → the therapist’s open page (one clock, sends one at a time)',
      '',
      ...table(
        [
          'round trip',
          'arrived / sent',
          'p50 ms',
          'p99 ms',
          'max ms',
          '÷ baseline (p50 / p99)',
          'other load',
        ],
        result.roundTrips.map((row) => [
          row.name,
          `${row.arrived} / ${row.sent}`,
          ms(row.p50),
          ms(row.p99),
          ms(row.max),
          row === card || !card ? '1×' : `${ratio(row.p50, card.p50)} / ${ratio(row.p99, card.p99)}`,
          load(row.otherCores),
        ]),
      ),
      '',
      'Flag: partner B’s POST /api/couples/:id/entries (one red Safety entry) → `event: flag` on the therapist’s',
      'GET /api/alerts stream. Card: partner A’s y-websocket client updateCardText → the therapist’s client holds it.',
    )
    if (flag && flag.arrived < flag.sent)
      lines.push(`!!! FAIL: ${flag.sent - flag.arrived} flag alerts never arrived`)
  }
  lines.push(
    '',
    `other load: cores busy outside the server, Chromium and this process; above ${maxOtherCores} a row is disturbed.`,
  )
  return lines.join('\n')
}
