// Prints the canvas part: the move latency table and its ratios, the page-load medians and the bundle sizes.
import type { Part } from './bundles.ts'
import type { CanvasResult } from './canvasBench.ts'
import type { MoveLatencyResult } from './moveLatency.ts'
import type { LoadSample } from './pageLoad.ts'
import { fixed, ratio, table } from '../markdown.ts'

/** Above this much CPU spent by processes outside the bench, a row's tail is not to be compared. */
const maxOtherCores = 0.25

const ms = (value: number | null): string =>
  value !== null && Number.isFinite(value) ? String(Math.round(value)) : '–'
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`

function moveLines(moves: MoveLatencyResult[]): string[] {
  const rows = moves.map((m) => [
    m.server,
    String(m.moves),
    `${m.delivered}/${m.expected}`,
    fixed(m.latencyMs.p50, 1),
    fixed(m.latencyMs.p99, 1),
    fixed(m.frameWaitMs.p50, 1),
    `${fixed(m.afterWriteMs.p50, 1)} / ${fixed(m.afterWriteMs.p99, 1)}`,
    `${fixed(m.otherCores, 2)} cores`,
    fixed(m.seedMs, 0),
    String(m.refused),
    String(m.disconnects),
  ])
  const lines = table(
    [
      'server',
      'moves',
      'seen/expected',
      'p50 ms',
      'p99 ms',
      'frame wait p50',
      'after write p50 / p99',
      'other load',
      'seed ms',
      'refused',
      'drops',
    ],
    rows,
  )
  const find = (server: string): MoveLatencyResult | undefined =>
    moves.find((m) => m.server === server && m.error === null)
  for (const [name, base] of [
    ['ours', 'ref-memory'],
    ['ours-secure', 'ref-memory'],
    ['ours-secure', 'ours'],
  ] as const) {
    const a = find(name)
    const b = find(base)
    if (!a || !b) continue
    const p50 = ratio(a.latencyMs.p50, b.latencyMs.p50)
    const load = Math.max(a.otherCores, b.otherCores)
    const disturbed = load > maxOtherCores ? ` (other load up to ${fixed(load, 2)} cores: disturbed)` : ''
    lines.push(`${name} ÷ ${base}: p50 ${p50}, p99 ${ratio(a.latencyMs.p99, b.latencyMs.p99)}${disturbed}`)
  }
  for (const m of moves) {
    if (m.error !== null)
      lines.push(`${m.server}: FAILED: ${m.error}${m.serverExit ? ` (server ${m.serverExit})` : ''}`)
    else {
      lines.push(
        `${m.server}: client process up to ${Math.round(m.clientCpuShare * 100)}% of a core, ` +
          `event-loop delay p99 ${fixed(m.clientLoopDelayP99Ms, 1)} ms`,
      )
    }
  }
  return lines
}

function pageLoadLines(result: CanvasResult): string[] {
  const load = result.pageLoad
  if (!load) return ['Time to an interactive canvas: not measured (the builds failed).']
  const { median } = load
  const inDom = (sample: LoadSample | undefined): string =>
    sample ? ` (${sample.shapesInDom} shapes in the DOM, ${sample.shapesShown} not culled)` : ''
  const each = (samples: LoadSample[], pick: (sample: LoadSample) => number | null): string =>
    samples.map((sample) => ms(pick(sample))).join(', ')
  const lines = [
    `Time to an interactive canvas in Chromium, median of ${load.ours.length} loads each ` +
      `(fresh context, ms from navigation start; other load just before: ` +
      `${fixed(result.otherCoresBeforeLoads, 2)} cores):`,
    `  ours, the therapist's board (${load.goals} goals, ${result.shapes.total} shapes): ` +
      `first screen ${ms(median.oursFirstScreenMs)}, scripts in ${ms(median.oursScriptsLoadedMs)}, ` +
      `interactive canvas ${ms(median.oursInteractiveMs)}${inDom(load.ours[0])}`,
    `  bare tldraw page (the same shapes, no sync, no app): ` +
      `scripts in ${ms(median.referenceScriptsLoadedMs)}, ` +
      `interactive canvas ${ms(median.referenceInteractiveMs)}${inDom(load.reference[0])}`,
    `  ours ÷ bare tldraw, interactive canvas: ` +
      ratio(median.oursInteractiveMs, median.referenceInteractiveMs),
    `  each load: ours first screen ${each(load.ours, (s) => s.firstScreenMs)}; ` +
      `interactive ${each(load.ours, (s) => s.interactiveMs)}; ` +
      `bare ${each(load.reference, (s) => s.interactiveMs)}`,
  ]
  if (load.error) lines.push(`  FAILED: ${load.error}`)
  for (const error of load.pageErrors) lines.push(`  page error: ${error}`)
  return lines
}

const partLine = (part: Part): string => `JS ${kib(part.js.gzip)} + CSS ${kib(part.css.gzip)}`
const filesOf = (part: Part): string => `[${part.files.join(', ')}]`

function bundleLines(result: CanvasResult): string[] {
  const { ours, reference } = result.bundles
  if (!ours || !reference) return [`Bundle sizes: not measured${result.error ? ` (${result.error})` : ''}.`]
  const { firstScreen, canvas, canvasAssets } = ours
  const lines = [
    'Bundle sizes, gzip (level 6) of what a browser downloads:',
    `  first screen (index.html's entry + its static imports): ` +
      `${partLine(firstScreen)} ${filesOf(firstScreen)}`,
    `  canvas chunk (GoalCanvas.tsx + what only it imports): ${partLine(canvas)} ${filesOf(canvas)}`,
    `  tldraw's self-hosted fonts, icons and translations (not above; fetched as used): ` +
      `${canvasAssets.files} files, ${kib(canvasAssets.bytes)}, ${kib(canvasAssets.gzip)} gzipped`,
    `  bare tldraw page: ${partLine(reference)}`,
    `  ours first screen + canvas JS ÷ bare tldraw JS: ` +
      `${ratio(firstScreen.js.gzip + canvas.js.gzip, reference.js.gzip)}; ` +
      `canvas chunk JS ÷ bare tldraw JS: ${ratio(canvas.js.gzip, reference.js.gzip)}`,
  ]
  if (ours.other.files.length > 0)
    lines.push(`  other chunks: ${partLine(ours.other)} ${filesOf(ours.other)}`)
  return lines
}

export function canvasReport(result: CanvasResult): string {
  const { build, shapes } = result
  const seconds = (value: number): string => `${Math.round(value / 1000)} s`
  const rebuilt =
    build.webBuildMs === null
      ? ''
      : ` (the web app was rebuilt first in ${seconds(build.webBuildMs)}: ${build.webBuiltBecause})`
  const geo = shapes.total - shapes.goalCards
  return [
    `Canvas: ${shapes.total} shapes (${geo} geo rectangles with a rich-text label, ` +
      `${shapes.goalCards} goal cards with their goals), measured in ${seconds(result.ms)}${rebuilt}; ` +
      `other load before it: ${fixed(result.otherCoresBefore, 2)} cores`,
    '',
    'Shape move latency, 3 live clients (client 0 moves a shape every 50–100 ms; clients 1 and 2 receive):',
    ...moveLines(result.moves),
    '',
    ...pageLoadLines(result),
    '',
    ...bundleLines(result),
    '',
    "Move latency: from client 0's store.put of the new x, y to the moment a receiving client's tldraw store",
    'holds it (its after-change side effect, source remote), one clock (the 3 clients share a process). It',
    "includes tldraw's wait for the next animation frame before the sender's store listeners (and so the",
    'binding) see the change ("frame wait"; Node has no requestAnimationFrame, so a 60 Hz timer stands in).',
    'It stops before the receiver renders: its own listeners and React would come on its next frame.',
    'after write: from the binding writing the document to the receiving store (network, server, binding).',
    'other load: cores busy meanwhile with processes outside the bench (/proc/stat minus the server, the',
    'clients and the orchestrator); well above 0, the tail (p99) is disturbed: rerun before trusting it.',
    'ours: open hooks; ours-secure: the production server, door, write rules and per-field canvas checks.',
    'Page load: the production server serving a copy of apps/web/dist; the therapist (login cookie copied',
    'in) opens the board of a live session (partner A connected). first screen: the session title and all',
    'goals listed; interactive canvas: [data-testid="goal-canvas"][data-ready="true"] and every shape has a',
    '.tl-shape element (tldraw keeps culled shapes in the DOM, hidden). Checked once per animation frame.',
    'The bare page is a Vite build of <Tldraw> alone, self-hosting its assets; goal cards become geo boxes.',
  ].join('\n')
}
