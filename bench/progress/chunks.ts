// Figure 3: gzip sizes (zlib's default level, as the canvas part counts) from the production build's
// Vite manifest. The progress page's own part: the lazy ProgressPage chunk and the
// chunks only it imports (the charts), i.e. what the first screen does not load. The review board has
// no lazy chunk of its own (it is in the entry), except the week's figures beside it
// (WeekFiguresList), so its share is given as the first screen both pages load plus that part.
// The files each page really fetched before interactive (from the Chromium loads) are summed too.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { readManifest } from '../canvas/bundles.ts'

export const progressSource = 'src/features/progress/view/ProgressPage.tsx'
export const weekFiguresSource = 'src/features/progress/WeekFiguresList.tsx'

export interface ChunkSize {
  name: string
  files: string[]
  bytes: number
  gzip: number
}

function sizeOf(dist: string, name: string, files: Iterable<string>): ChunkSize {
  const list = [...new Set(files)].filter((file) => /\.(js|css)$/.test(file)).sort()
  let bytes = 0
  let gzip = 0
  for (const file of list) {
    const content = readFileSync(join(dist, file.replace(/^\//, '')))
    bytes += content.length
    gzip += gzipSync(content).length
  }
  return { name, files: list, bytes, gzip }
}

export function chunkSizes(dist: string): ChunkSize[] {
  const manifest = readManifest(dist)
  const closure = (from: string[]): Set<string> => {
    const seen = new Set<string>()
    const visit = (key: string): void => {
      if (seen.has(key) || !manifest[key]) return
      seen.add(key)
      for (const imported of manifest[key].imports ?? []) visit(imported)
    }
    from.forEach(visit)
    return seen
  }
  const filesOf = (keys: Iterable<string>) =>
    [...keys].flatMap((key) => [manifest[key]?.file ?? '', ...(manifest[key]?.css ?? [])])
  for (const source of [progressSource, weekFiguresSource])
    if (!manifest[source]) throw new Error(`the build manifest has no chunk for ${source}`)
  const firstScreen = closure(Object.keys(manifest).filter((key) => manifest[key]?.isEntry))
  const lazyPart = (source: string) => [...closure([source])].filter((key) => !firstScreen.has(key))
  return [
    sizeOf(
      dist,
      'progress page’s lazy part (ProgressPage + what only it imports)',
      filesOf(lazyPart(progressSource)),
    ),
    sizeOf(dist, 'first screen (entry and its imports; both pages load it)', filesOf(firstScreen)),
    sizeOf(dist, 'review board’s lazy part (the week’s figures)', filesOf(lazyPart(weekFiguresSource))),
  ]
}

/** What a page fetched before it was interactive, gzipped from the build it was served. */
export const fetchedSize = (dist: string, name: string, paths: string[]): ChunkSize =>
  sizeOf(dist, name, paths)
