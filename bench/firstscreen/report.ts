// Prints the firstscreen part: time from a partner's invitation link to an interactive board per page and
// viewport, the first screen's gzip size, the ratios against the earlier layout and a bare tldraw page,
// whether the lazy parts stayed off the first screen, and the other load on the machine meanwhile.
import { fixed, ratio, table } from '../markdown.ts'
import { maxOtherCores } from '../program/otherLoad.ts'
import { medianOf } from '../program/boardLoads.ts'
import type { FirstScreenResult, FirstScreenRow, VariantName } from './firstscreenBench.ts'
import { viewports } from './linkLoad.ts'
import type { Viewport } from './linkLoad.ts'

const ms = (value: number | null): string =>
  value !== null && Number.isFinite(value) ? String(Math.round(value)) : '–'
const kib = (bytes: number): string => (bytes / 1024).toFixed(1)
const seconds = (value: number): string => `${Math.round(value / 1000)} s`
const worstLoad = (row: FirstScreenRow): number => Math.max(...row.samples.map((s) => s.otherCores))
const gzip = (row: FirstScreenRow): number => row.firstScreen.js.gzip + row.firstScreen.css.gzip
/** `/assets/GoalCanvas-B9PPU5-_.css` → `GoalCanvas.css`: the file without its content hash. */
const chunkName = (file: string): string => (file.split('/').pop() ?? file).replace(/-[\w-]{8}(\.\w+)$/, '$1')

function label(variant: VariantName, result: FirstScreenResult): string {
  return variant === 'main' ? `main@${result.mainRevision}` : variant === 'bare' ? 'bare tldraw' : 'ours'
}

function rowCells(row: FirstScreenRow, result: FirstScreenResult): string[] {
  const board = row.variant !== 'bare'
  const load = worstLoad(row)
  const lazy = board
    ? row.lazyFetched.map((f) => `${chunkName(f.file)} (${f.loads}/${row.samples.length})`).join(', ') ||
      'none'
    : '–'
  return [
    label(row.variant, result),
    viewports[row.viewport].label,
    ms(row.total.p50),
    ms(row.total.p90),
    board ? ms(row.join.p50) : '–',
    board ? ms(row.board.p50) : '–',
    board ? ms(row.board.p90) : '–',
    `${kib(gzip(row))} (${kib(row.firstScreen.js.gzip)} + ${kib(row.firstScreen.css.gzip)})`,
    String(row.firstScreen.files.length),
    lazy,
    `${fixed(load, 2)} cores${load > maxOtherCores ? ' (disturbed)' : ''}`,
  ]
}

function ratioLines(result: FirstScreenResult, viewport: Viewport): string[] {
  const find = (variant: VariantName): FirstScreenRow | undefined =>
    result.rows.find((r) => r.variant === variant && r.viewport === viewport)
  const [ours, main, bare] = (['ours', 'main', 'bare'] as const).map(find)
  if (!ours || !main || !bare) return []
  const quiet = (a: FirstScreenRow, b: FirstScreenRow): string => {
    const load = Math.max(worstLoad(a), worstLoad(b))
    return load > maxOtherCores ? ` (other load up to ${fixed(load, 2)} cores: disturbed)` : ' (quiet)'
  }
  return [
    `${viewports[viewport].label}: ours ÷ main@${result.mainRevision}: link → interactive median ` +
      `${ratio(ours.total.p50, main.total.p50)}, p90 ${ratio(ours.total.p90, main.total.p90)}; board part ` +
      `median ${ratio(ours.board.p50, main.board.p50)}, p90 ${ratio(ours.board.p90, main.board.p90)}; ` +
      `first screen gzip ${ratio(gzip(ours), gzip(main))}${quiet(ours, main)}`,
    `${viewports[viewport].label}: ours ÷ bare tldraw: link → interactive median ` +
      `${ratio(ours.total.p50, bare.total.p50)}, p90 ${ratio(ours.total.p90, bare.total.p90)}; board part ` +
      `median ÷ bare tldraw's load ${ratio(ours.board.p50, bare.total.p50)}; first screen gzip ` +
      `${ratio(gzip(ours), gzip(bare))}${quiet(ours, bare)}`,
  ]
}

/**
 * Whether each lazy part stayed off the first screen, by the files only it needs; then the files two
 * parts share, which the page fetches as soon as either import starts. Loudly when one of ours did not.
 */
function lazyLines(result: FirstScreenResult): string[] {
  const lines: string[] = []
  for (const variant of ['ours', 'main'] as const) {
    const rows = result.rows.filter((r) => r.variant === variant)
    const parts = result.lazyParts[variant]
    const fetched = (files: string[]): string[] =>
      rows.flatMap((r) => {
        const loads = r.samples.filter((s) => files.some((file) => s.files.includes(file))).length
        return loads > 0 ? [`${r.viewport} ${loads}/${r.samples.length} loads`] : []
      })
    const say = (what: string, where: string[]): void => {
      const line = `${label(variant, result)}: ${what}`
      if (where.length === 0) lines.push(`  ${line}: not fetched before interactive in any load`)
      else if (variant === 'ours')
        lines.push(
          `  !!! FAIL, ON THE FIRST SCREEN: ${line}: fetched before interactive (${where.join(', ')})`,
        )
      else lines.push(`  ${line}: fetched before interactive (${where.join(', ')})`)
    }
    const owners = (file: string): string[] => parts.filter((p) => p.files.includes(file)).map((p) => p.name)
    for (const part of parts) {
      const own = part.files.filter((file) => owners(file).length === 1)
      say(`${part.name} (${own.map(chunkName).join(', ')})`, fetched(own))
    }
    const shared = [...new Set(parts.flatMap((p) => p.files))].filter((file) => owners(file).length > 1)
    for (const file of shared)
      say(
        `${chunkName(file)}, which ${owners(file).join(' and ')} share (one of them started)`,
        fetched([file]),
      )
  }
  return lines
}

/** The fixed loop's median per viewport: the phone's should take about its slowdown times the laptop's. */
function slowdownLine(result: FirstScreenResult): string {
  const loop = (viewport: Viewport): number =>
    medianOf(
      result.rows.filter((r) => r.viewport === viewport).flatMap((r) => r.samples.map((s) => s.loopMs)),
    )
  const laptop = loop('laptop')
  const phone = loop('phone')
  return (
    `CPU slowdown check (a fixed loop run on the page after each load, median): laptop ${fixed(laptop, 1)} ms, ` +
    `phone ${fixed(phone, 1)} ms = ${ratio(phone, laptop)} (asked: ${viewports.phone.slowdown}×; well above 1× ` +
    'shows the slowdown held on the board page; other load on the machine makes it read lower)'
  )
}

export function firstscreenReport(result: FirstScreenResult): string {
  const build = result.build
  const built = build
    ? `built in ${seconds(build.mainBuildMs)} (main@${result.mainRevision}), ${seconds(build.referenceBuildMs)} ` +
      `(bare tldraw)` +
      (build.webBuildMs === null ? '' : `, ${seconds(build.webBuildMs)} (ours: ${build.webBuiltBecause})`)
    : 'not built'
  const lines = [
    `First screen: a partner opens an invitation link and goes through the join page to an interactive board ` +
      `(${result.loads} loads each, fresh context per load, alternating; measured in ${seconds(result.ms)}, ` +
      `${built}; other load before the loads: ${fixed(result.otherCoresBefore, 2)} cores)`,
  ]
  if (result.error) lines.push(`FAILED: ${result.error}`)
  if (result.rows.some((r) => r.samples.length > 0)) {
    lines.push(
      ...table(
        [
          'page',
          'viewport',
          'link → interactive median ms',
          'p90 ms',
          'join page median',
          'board part median',
          'board p90',
          'first screen gzip KiB (JS + CSS)',
          'files',
          'lazy parts fetched',
          'other load (worst load)',
        ],
        result.rows.map((row) => rowCells(row, result)),
      ),
      ...ratioLines(result, 'laptop'),
      ...ratioLines(result, 'phone'),
      'Lazy parts (dynamic imports, by the files only they need) before interactive:',
      ...lazyLines(result),
      slowdownLine(result),
    )
    for (const row of result.rows) {
      const each = row.samples.map((s) => ms(s.totalMs)).join(', ')
      lines.push(`  each load, ${label(row.variant, result)} ${row.viewport}: ${each}`)
      for (const sample of row.samples) if (sample.error) lines.push(`    FAILED: ${sample.error}`)
    }
  }
  for (const error of result.pageErrors) lines.push(`  page error: ${error}`)
  lines.push(
    '',
    'link → interactive: from navigating to a fresh partner A link (POST /api/invitations) to the board being',
    'interactive, on the browser’s clock: the join page (name, consent, "Join the board", then "Not now" to the',
    'passkey offer, clicked by Playwright as a person would, without pauses) and the board page it opens.',
    'join page: navigation to that last click; board part: that click to interactive (the bundle is then in the',
    'cache from the join page). Interactive: the connection indicator [data-phase="live"] and the visible',
    '"Goal huddle" heading with an enabled control in its part, then one animation frame and a task after it;',
    'a checkbox of the huddle is then clicked to check that it answers. Bare tldraw: the canvas part’s bare page',
    '(empty store) until its editor is mounted, then the same frame and task. First screen: every JS and CSS',
    'file requested before interactive in any load of the row, fetched again as served and gzipped at level 9.',
    `main@${result.mainRevision}: that revision's apps/web built with today's workspace packages, served by`,
    'today’s server (one server per web app). other load: cores busy during the loads outside the servers,',
    `Chromium and this process; above ${maxOtherCores} cores a row is marked disturbed.`,
  )
  return lines.join('\n')
}
