import { execFile, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { chown, lstat, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { inject } from 'vitest'
import { createPostgresSchema } from '../../src/store/postgresTables.ts'
import { PostgresSql } from '../../src/store/postgresSql.ts'
import { onFreePort } from './freePort.ts'

const run = promisify(execFile)

/** PostgreSQL refuses to run as root; as root, the test server runs as this system user. */
const SERVICE_USER = 'board-pg'
/** Holds the schema; each test's database is a copy of it, made in a few ms. */
const TEMPLATE = 'board_template'

type RunAs = { uid: number; gid: number }

function idOf(user: string, flag: '-u' | '-g'): number | null {
  const answer = spawnSync('id', [flag, user], { encoding: 'utf8' })
  return answer.status === 0 ? Number(answer.stdout.trim()) : null
}

/** As root: the service user, created if missing. As anyone else: null, and we run it as ourselves. */
function serviceUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null
  if (idOf(SERVICE_USER, '-u') === null) {
    // Another test run may create it at the same moment: its failure is fine if the user exists now.
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVICE_USER])
  }
  const uid = idOf(SERVICE_USER, '-u')
  const gid = idOf(SERVICE_USER, '-g')
  if (uid === null || gid === null) throw new Error(`could not create the system user ${SERVICE_USER}`)
  return { uid, gid }
}

type ToolOptions = { cwd: string; env: NodeJS.ProcessEnv; uid?: number; gid?: number }

const INITDB_ARGS = ['--auth=trust', '-U', 'board', '--no-sync', '--encoding=UTF8', '--locale=C']

/**
 * initdb into `dataDir`. Its result depends only on PostgreSQL's version and our arguments, and it is
 * most of the start-up time (about a second), so the first run keeps a copy in the system's temporary
 * directory and later runs copy that instead. The copy is put in place by one rename, so a run never
 * sees half of one; a cache owned by anyone else is not used.
 */
async function initializeCluster(dataDir: string, options: ToolOptions): Promise<void> {
  const { stdout: version } = await run('initdb', ['--version'], options)
  const key = createHash('sha256')
    .update(`${version}\0${INITDB_ARGS.join(' ')}`)
    .digest('hex')
    .slice(0, 16)
  const owner = options.uid ?? process.getuid?.() ?? 0
  const cacheRoot = join(tmpdir(), `board-pg-initdb-${owner}`)
  const cached = join(cacheRoot, key)
  const usable = await lstat(cacheRoot).then(
    (stats) => stats.isDirectory() && stats.uid === owner,
    () => false,
  )
  if (usable && existsSync(join(cached, 'PG_VERSION'))) {
    await run('cp', ['-a', cached, dataDir], options)
    return
  }
  await run('initdb', [...INITDB_ARGS, '-D', dataDir], options)
  const partial = `${cached}.${process.pid}.${randomBytes(4).toString('hex')}`
  try {
    if (!usable) {
      await mkdir(cacheRoot, { mode: 0o700 })
      if (options.uid !== undefined && options.gid !== undefined)
        await chown(cacheRoot, options.uid, options.gid)
    }
    await run('cp', ['-a', dataDir, partial], options)
    await rename(partial, cached)
  } catch {
    // Another run put its copy there first, or the cache cannot be written: this run has its cluster.
    await rm(partial, { recursive: true, force: true })
  }
}

export function databaseUrl(port: number, database: string): string {
  return `postgres://board@127.0.0.1:${port}/${database}`
}

export type RunningPostgres = {
  /** The `postgres` database, for administration: creating and dropping the tests' databases. */
  adminUrl: string
  port: number
  stop: () => Promise<void>
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port, in a temporary directory, with durability
 * off (fsync, synchronous commit and full pages: nothing here has to survive a power cut), and the
 * `board_template` database holding the schema.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const runAs = serviceUser()
  const dir = await mkdtemp(join(tmpdir(), 'board-pg-'))
  if (runAs) await chown(dir, runAs.uid, runAs.gid)
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'server.log')
  // Only what the tools need: no PG* variable of ours reaches them, and messages are in one language.
  const options: ToolOptions = { cwd: dir, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' }, ...runAs }
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-2000)
    } catch {
      return '(no server log)'
    }
  }

  let removed = false
  const removeNow = () => {
    if (removed) return
    removed = true
    spawnSync('pg_ctl', ['stop', '-m', 'fast', '-D', dataDir], { ...options, stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
  // If the run ends without its teardown (an error, Ctrl-C), the cluster does not outlive it.
  process.on('exit', removeNow)

  try {
    await initializeCluster(dataDir, options)
    const port = await onFreePort(async (port) => {
      const settings =
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} ` +
        '-c fsync=off -c synchronous_commit=off -c full_page_writes=off'
      try {
        await run(
          'pg_ctl',
          ['start', '-w', '-t', '30', '-D', dataDir, '-l', logFile, '-o', settings],
          options,
        )
      } catch (error) {
        // Another process may have taken the port; make sure no half-started server stays for the retry.
        spawnSync('pg_ctl', ['stop', '-m', 'immediate', '-D', dataDir], { ...options, stdio: 'ignore' })
        throw new Error(`PostgreSQL did not start on port ${port}:\n${logTail()}`, { cause: error })
      }
      return port
    })
    const adminUrl = databaseUrl(port, 'postgres')
    await administer(adminUrl, `CREATE DATABASE ${TEMPLATE}`)
    const template = new PostgresSql({ connectionString: databaseUrl(port, TEMPLATE), max: 1 })
    try {
      await createPostgresSchema(template)
    } finally {
      // A database is copied only while nobody is connected to it.
      await template.close()
    }
    return {
      adminUrl,
      port,
      stop: async () => {
        process.off('exit', removeNow)
        removed = true
        await run('pg_ctl', ['stop', '-m', 'fast', '-D', dataDir], options)
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    removeNow()
    process.off('exit', removeNow)
    throw error
  }
}

async function administer(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * A new database for one test file (or one test) on the run's PostgreSQL: a copy of the template with
 * the schema, or an empty one (`empty`) for tests that create the schema themselves. Its URL.
 */
export async function freshDatabase(label: string, { empty = false } = {}): Promise<string> {
  const adminUrl = inject('postgresAdminUrl')
  const name = `test_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40)}_${randomBytes(4).toString('hex')}`
  await administer(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${empty ? 'template0' : TEMPLATE}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Drops a database made by `freshDatabase`, closing whatever is still connected to it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1)
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database: ${name}`)
  await administer(inject('postgresAdminUrl'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}
