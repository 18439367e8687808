// The three pages the firstscreen part loads, built before anything is measured: today's web app (the
// canvas part's build, rebuilt when stale and copied aside), the web app as it was at an earlier
// revision, and the bare tldraw reference page of the canvas part. Also reads, from a build's manifest,
// which chunks are lazy (loaded by a dynamic import), so the report can say whether they stayed off the
// first screen.
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { buildWebApp, readManifest, snapshotWebBuild, webBuildIsStale, webRoot } from '../canvas/bundles.ts'
import { buildReferencePage } from '../canvas/referencePage.ts'

/**
 * Where an earlier revision's web app (and the tsconfig.base.json its tsconfig extends) is exported to
 * while it is built: inside apps/web, so module resolution finds apps/web/node_modules (the workspace
 * packages there are today's). Ignored by git and removed right after the build, so no lint or test run
 * meets it.
 */
const exportDir = join(webRoot, '.bench-ref')
const repoRoot = join(webRoot, '../..')

export interface Builds {
  ours: string
  main: string
  reference: string
  webBuiltBecause: string | null
  webBuildMs: number | null
  mainBuildMs: number
  referenceBuildMs: number
}

/** Builds all three pages into `workDir` (web/, main/, reference/). */
export async function buildPages(
  workDir: string,
  revision: string,
  log: (line: string) => void,
): Promise<Builds> {
  const webBuiltBecause = webBuildIsStale()
  let webBuildMs: number | null = null
  if (webBuiltBecause) {
    log(`» firstscreen: building the web app (${webBuiltBecause})`)
    webBuildMs = await buildWebApp()
  }
  const ours = join(workDir, 'web')
  await snapshotWebBuild(ours)
  log(`» firstscreen: building the web app as it was at ${revision}`)
  const main = join(workDir, 'main')
  const mainBuildMs = await buildWebAppAt(revision, main)
  log('» firstscreen: building the bare tldraw reference page')
  const reference = join(workDir, 'reference')
  const referenceBuildMs = await buildReferencePage(reference)
  return { ours, main, reference, webBuiltBecause, webBuildMs, mainBuildMs, referenceBuildMs }
}

/** `git archive <rev> apps/web` into apps/web/.bench-ref, then `vite build` there into `outDir`. */
async function buildWebAppAt(revision: string, outDir: string): Promise<number> {
  const started = performance.now()
  const remove = (): void => rmSync(exportDir, { recursive: true, force: true })
  remove()
  mkdirSync(exportDir)
  process.once('exit', remove)
  try {
    // Reads the repository only: no checkout, no work tree, no change to its git state.
    const archive = 'git archive "$1" apps/web tsconfig.base.json | tar -x -C "$2"'
    execFileSync('sh', ['-c', archive, 'sh', revision, exportDir], { cwd: repoRoot })
    const env = { ...process.env }
    delete env.NODE_OPTIONS
    const vite = join(webRoot, 'node_modules/vite/bin/vite.js')
    await promisify(execFile)(
      process.execPath,
      [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: join(exportDir, 'apps/web'), env, maxBuffer: 16 * 1024 * 1024 },
    )
  } finally {
    remove()
    process.off('exit', remove)
  }
  if (!existsSync(join(outDir, '.vite/manifest.json')))
    throw new Error(`the web app at ${revision} built without a manifest`)
  return performance.now() - started
}

/** The short hash of a revision, as the report names it. */
export function shortRevision(revision: string): string {
  return execFileSync('git', ['rev-parse', '--short', revision], { cwd: repoRoot }).toString().trim()
}

/** A lazily loaded part of the web app: a dynamic import's chunk and what only it needs. */
export interface LazyPart {
  name: string
  /** Paths as the page requests them, e.g. `/assets/GoalCanvas-….js`: its own chunk first. */
  files: string[]
}

/** What the dynamic imports are, in the words of the report. */
const lazyNames: Record<string, string> = {
  'src/features/canvas/GoalCanvas.tsx': 'the tldraw canvas',
  'src/features/video/CallStage.tsx': 'the LiveKit call',
}

/**
 * Each dynamic import of a build, with the JS and CSS files it needs that the entry does not load. A
 * chunk two imports share (e.g. tslib) is in both; the page fetches it as soon as either import starts.
 */
export function lazyParts(dist: string): LazyPart[] {
  const manifest = readManifest(dist)
  const closure = (from: string): string[] => {
    const seen = new Set<string>()
    const visit = (key: string): void => {
      if (seen.has(key) || !manifest[key]) return
      seen.add(key)
      for (const imported of manifest[key].imports ?? []) visit(imported)
    }
    visit(from)
    return [...seen]
  }
  const keys = Object.keys(manifest)
  const firstScreen = new Set(keys.filter((key) => manifest[key]?.isEntry).flatMap(closure))
  return keys
    .filter((key) => manifest[key]?.isDynamicEntry)
    .map((key) => {
      const own = closure(key).filter((chunk) => !firstScreen.has(chunk))
      const files = own.flatMap((chunk) => [manifest[chunk]?.file ?? '', ...(manifest[chunk]?.css ?? [])])
      return {
        name: lazyNames[key] ?? key,
        files: files.filter((file) => /\.(js|css)$/.test(file)).map((file) => `/${file}`),
      }
    })
}
