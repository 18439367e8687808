// Canvas figure 3: what the browser downloads, gzipped, read from Vite's build manifest so chunks are
// found by their source names. Also keeps the web app's build fresh for the page-load figure.
import { execFile } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const webRoot = join(repoRoot, 'apps/web')
export const webDist = join(webRoot, 'dist')
const manifestPath = (dist: string): string => join(dist, '.vite/manifest.json')
/** The lazily loaded canvas, by its source path (the manifest's key). */
export const canvasSource = 'src/features/canvas/GoalCanvas.tsx'

/** What the web app's bundle is made of: its own sources and the workspace packages it imports. */
const webSources = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'apps/web/public',
  'packages/board/src',
  'packages/canvas/src',
  'packages/protocol/src',
].map((path) => join(repoRoot, path))

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), 0)
}

/** Why dist/ must be built again (missing, or older than a source), or null when it is fresh. */
export function webBuildIsStale(): string | null {
  if (!existsSync(manifestPath(webDist))) return 'apps/web/dist has no build manifest'
  const builtAt = statSync(manifestPath(webDist)).mtimeMs
  const changedAt = Math.max(...webSources.map(newestChange))
  return changedAt > builtAt ? 'apps/web/dist is older than its sources' : null
}

/** `pnpm --filter @session-board/web build`, i.e. `vite build` in apps/web, in its own process. */
export async function buildWebApp(): Promise<number> {
  const started = performance.now()
  const vite = join(webRoot, 'node_modules/vite/bin/vite.js')
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  await promisify(execFile)(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: webRoot,
    env,
    maxBuffer: 16 * 1024 * 1024,
  })
  if (!existsSync(manifestPath(webDist))) {
    throw new Error(
      'the web build wrote no .vite/manifest.json: apps/web/vite.config.ts needs build.manifest',
    )
  }
  return performance.now() - started
}

/**
 * Copies apps/web/dist to `to`, so a build started meanwhile (others rebuild it for their browser tests)
 * cannot change or empty what is measured. Tries again while the copy is incomplete.
 */
export async function snapshotWebBuild(to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let problem: string | null
    try {
      rmSync(to, { recursive: true, force: true })
      cpSync(webDist, to, { recursive: true })
      problem = incompleteBuild(to)
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error)
    }
    if (problem === null) return
    if (attempt === 5) throw new Error(`apps/web/dist stayed incomplete: ${problem}`)
    await new Promise((resolve) => setTimeout(resolve, 3_000))
  }
}

function incompleteBuild(dist: string): string | null {
  if (!existsSync(manifestPath(dist))) return 'no build manifest'
  const manifest = readManifest(dist)
  const files = Object.values(manifest).flatMap((chunk) => [
    chunk.file,
    ...(chunk.css ?? []),
    ...(chunk.assets ?? []),
  ])
  const missing = files.find((file) => !existsSync(join(dist, file)))
  if (missing) return `${missing} is missing`
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry)
  if (!entry || !readFileSync(join(dist, 'index.html'), 'utf8').includes(entry.file)) {
    return 'index.html does not load the manifest entry'
  }
  return null
}

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
  assets?: string[]
}
type Manifest = Record<string, ManifestChunk>

export interface Part {
  files: string[]
  js: { bytes: number; gzip: number }
  css: { bytes: number; gzip: number }
}

export interface BundleSizes {
  /** index.html's entry chunk and its static imports, with their CSS. */
  firstScreen: Part
  /** The lazy canvas chunk and the chunks only it imports (statically), with their CSS. */
  canvas: Part
  /** Files those canvas chunks reference (tldraw's fonts, icons and translations), all of them. */
  canvasAssets: { files: number; bytes: number; gzip: number }
  /** Chunks in neither part (e.g. loaded later by the canvas itself), so nothing goes uncounted. */
  other: Part
}

const gzipSize = (path: string): { bytes: number; gzip: number } => {
  const content = readFileSync(path)
  return { bytes: content.length, gzip: gzipSync(content).length }
}

/** The keys of `from` and every chunk they import statically. */
function staticClosure(manifest: Manifest, from: string[]): Set<string> {
  const seen = new Set<string>()
  const visit = (key: string): void => {
    if (seen.has(key) || !manifest[key]) return
    seen.add(key)
    for (const imported of manifest[key].imports ?? []) visit(imported)
  }
  from.forEach(visit)
  return seen
}

function part(dist: string, manifest: Manifest, keys: Iterable<string>): Part {
  const files = new Set<string>()
  for (const key of keys) {
    const chunk = manifest[key] as ManifestChunk
    if (/\.(js|css)$/.test(chunk.file)) files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
  }
  const result: Part = { files: [...files].sort(), js: { bytes: 0, gzip: 0 }, css: { bytes: 0, gzip: 0 } }
  for (const file of files) {
    const size = gzipSize(join(dist, file))
    const total = extname(file) === '.css' ? result.css : result.js
    total.bytes += size.bytes
    total.gzip += size.gzip
  }
  return result
}

export function readManifest(dist: string): Manifest {
  return JSON.parse(readFileSync(manifestPath(dist), 'utf8')) as Manifest
}

export function webBundleSizes(dist: string): BundleSizes {
  const manifest = readManifest(dist)
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry)
  if (!manifest[canvasSource]) throw new Error(`the build manifest has no chunk for ${canvasSource}`)
  const firstScreen = staticClosure(manifest, entries)
  const canvas = [...staticClosure(manifest, [canvasSource])].filter((key) => !firstScreen.has(key))
  const assets = new Set(canvas.flatMap((key) => manifest[key]?.assets ?? []))
  const canvasAssets = { files: assets.size, bytes: 0, gzip: 0 }
  for (const file of assets) {
    const size = gzipSize(join(dist, file))
    canvasAssets.bytes += size.bytes
    canvasAssets.gzip += size.gzip
  }
  const counted = new Set([...firstScreen, ...canvas])
  const chunks = Object.keys(manifest).filter((key) => /\.(js|css)$/.test(manifest[key]?.file ?? ''))
  return {
    firstScreen: part(dist, manifest, firstScreen),
    canvas: part(dist, manifest, canvas),
    canvasAssets,
    other: part(
      dist,
      manifest,
      chunks.filter((key) => !counted.has(key)),
    ),
  }
}

/** Every JS and CSS file a build's manifest names (the bare tldraw page: one entry, maybe a few chunks). */
export function wholeBundle(dist: string): Part {
  const manifest = readManifest(dist)
  return part(
    dist,
    manifest,
    Object.keys(manifest).filter((key) => /\.(js|css)$/.test(manifest[key]?.file ?? '')),
  )
}
