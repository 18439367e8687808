// `--baseline <git-rev>`: a second copy of the repository at another revision, installed from the local
// pnpm store, whose apps/server/src/index.ts the sync part runs as `ours-secure@<rev>` beside today's
// `ours-secure`, in the same run. The copy is `git archive` of the revision (no work tree, no change to
// the repository's git state), extracted into the temporary directory, outside the repository.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..')

export interface Baseline {
  /** As given on the command line (`bd070cc`), for the row's name. */
  rev: string
  commit: string
  /** The copy's root: its apps/server/src/index.ts is the server. */
  root: string
  remove(): void
}

/** The repository's pinned pnpm (`.toolchain/`, as `npm run bench` sets up), else the one on PATH. */
function pnpm(): string {
  const pinned = join(repoRoot, '.toolchain/node_modules/.bin/pnpm')
  return existsSync(pinned) ? pinned : 'pnpm'
}

export function prepareBaseline(rev: string, log: (line: string) => void): Baseline {
  const started = performance.now()
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', repoRoot, ...args])
      .toString()
      .trim()
  let commit: string
  try {
    commit = git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`)
  } catch {
    throw new Error(`--baseline: '${rev}' is not a commit of this repository`)
  }
  const root = mkdtempSync(join(tmpdir(), `board-bench-baseline-${commit.slice(0, 7)}-`))
  const remove = (): void => {
    if (!process.env.BENCH_KEEP_DATA) rmSync(root, { recursive: true, force: true })
  }
  try {
    // git archive writes the tree as a tar stream; tar extracts it. Neither touches the repository.
    execFileSync('sh', ['-c', 'git -C "$1" archive "$2" | tar -x -C "$3"', 'sh', repoRoot, commit, root])
    // Only the server and the workspace packages it needs, from the store this machine already has.
    execFileSync(
      pnpm(),
      ['install', '--frozen-lockfile', '--offline', '--filter', '@session-board/server...'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CI: '1' },
      },
    )
    if (!existsSync(join(root, 'apps/server/src/index.ts')))
      throw new Error(`${rev} has no apps/server/src/index.ts to run`)
  } catch (error) {
    remove()
    const detail = error instanceof Error ? error.message : String(error)
    throw new Error(`--baseline: could not prepare ${rev} (${commit.slice(0, 7)}): ${detail}`, {
      cause: error,
    })
  }
  log(
    `  baseline ${rev} (${commit.slice(0, 7)}) exported and installed in ${Math.round(performance.now() - started)} ms`,
  )
  return { rev, commit, root, remove }
}
