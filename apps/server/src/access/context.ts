import { MAX_BOARD_BYTES } from '@session-board/board'
import type { DatabaseSync } from 'node:sqlite'
import type { Logger } from '../log.ts'
import type { Sql } from '../store/sql.ts'
import type { DocumentRegistry } from '../sync/registry.ts'
import { CallService } from '../livekit/call.ts'
import { Accounts } from './accounts.ts'
import type { AlertPublisher } from './alerts.ts'
import { BusAlerts } from './alerts.ts'
import { AuditTrail } from './audit.ts'
import type { Bus } from './bus.ts'
import { LocalBus } from './bus.ts'
import { Couples } from './couples.ts'
import { Flags } from './flags.ts'
import { Invitations } from './invitations.ts'
import { LiveSessions } from './liveSessions.ts'
import { Passkeys } from './passkeys.ts'
import { ProgressEntries } from './progress.ts'
import { FailureLimiter } from './rateLimit.ts'
import { createAccessTables } from './schema.ts'
import type { UnknownSessionLimits } from './unknownSessions.ts'
import { loadSecret } from './secret.ts'
import { Sockets } from './sockets.ts'
import { Sessions } from './sessions.ts'
import { SignIns } from './signIns.ts'
import { TokenSigner } from './tokens.ts'

export type AccessConfig = {
  /** BOARD_SECRET; null generates one into DATA_DIR/secret.key. */
  secret: string | null
  idleLogoffMs: number
  invitationTtlMs: number
  connectTokenTtlMs: number
  /** The origin browsers use (PUBLIC_URL), for the Origin checks; null compares with the Host header. */
  publicOrigin: string | null
  /** Secure cookies and HSTS: the server is reached over TLS (directly or behind a proxy). */
  secure: boolean
  /** Take the client's address from X-Forwarded-For (behind a reverse proxy) for rate limiting. */
  trustProxy: boolean
  signInFailures: { max: number; windowMs: number }
  /** Sync upgrades to sessions that do not exist: per address, then 429; counted in the log. */
  unknownSessions: UnknownSessionLimits
  /** Observers a session's video call has room for, besides the therapist and the two partners. */
  callMaxObservers: number
  /** How long a summary's PDF export may take (waiting included) before it is given up with a 503. */
  summaryTimeoutMs: number
  /** The most a session's document (board, notes, a partner's scores) may hold, encoded. */
  documentQuotaBytes: number
}

export const accessDefaults: AccessConfig = {
  secret: null,
  idleLogoffMs: 15 * 60_000,
  invitationTtlMs: 24 * 3_600_000,
  connectTokenTtlMs: 10 * 60_000,
  publicOrigin: null,
  secure: false,
  trustProxy: false,
  signInFailures: { max: 5, windowMs: 15 * 60_000 },
  // An honest client meets an unknown session only through a mistyped or stale link, and stops on the
  // refusal (a 44xx close); twenty in five minutes is a probe.
  unknownSessions: { max: 20, windowMs: 5 * 60_000, summaryEveryMs: 60_000 },
  callMaxObservers: 2,
  summaryTimeoutMs: 20_000,
  documentQuotaBytes: MAX_BOARD_BYTES,
}

/** Everything the access layer (REST routes and sync extensions) works with. */
export type Access = {
  config: AccessConfig
  accounts: Accounts
  /** The therapists' caseloads: each couple has one plan, the document stored under its id. */
  couples: Couples
  sessions: Sessions
  /** Which sessions are live, from memory: what the write rules read on every edit. */
  liveSessions: LiveSessions
  invitations: Invitations
  /** Passkeys of partners’ devices and therapists, and their ceremonies in flight. */
  passkeys: Passkeys
  audit: AuditTrail
  /** What partners log from their phones between sessions. */
  progress: ProgressEntries
  /** The flags entries raised, and whether the therapist has acknowledged them. */
  flags: Flags
  /** Live alerts to therapists' open pages, on every instance. */
  alerts: AlertPublisher
  /** What the instances of the server tell each other (nothing, with one instance). */
  bus: Bus
  /** Closes people's sockets on every instance when their access ends. */
  sockets: Sockets
  signer: TokenSigner
  signInLimiter: FailureLimiter
  registry: DocumentRegistry
  /** The session's video call on LiveKit (unavailable, with a reason, when LiveKit is not set up). */
  call: CallService
  log: Logger
  now: () => number
}

export function createAccess(options: {
  /** Where the access tables are read and written. */
  sql: Sql
  /**
   * The SQLite connection behind `sql`, for the tables' one-time set-up (creation and upgrades); null
   * on PostgreSQL, whose tables createPostgresSchema made.
   */
  db: DatabaseSync | null
  dataDir: string
  config: AccessConfig
  registry: DocumentRegistry
  log: Logger
  now?: () => number
  bus?: Bus
}): Access {
  const { sql, db, config } = options
  const now = options.now ?? Date.now
  const bus = options.bus ?? new LocalBus()
  if (db) createAccessTables(db)
  const sessions = new Sessions(sql, now)
  const audit = new AuditTrail(sql, now, options.log)
  const flags = new Flags(sql, now)
  return {
    config,
    accounts: new Accounts(sql, now, config.idleLogoffMs),
    couples: new Couples(sql, now),
    sessions,
    liveSessions: new LiveSessions(sessions, bus),
    invitations: new Invitations(sql, now),
    passkeys: new Passkeys(sql, now),
    audit,
    progress: new ProgressEntries(sql, now),
    flags,
    alerts: new BusAlerts(bus),
    bus,
    sockets: new Sockets(options.registry, bus),
    signer: new TokenSigner(loadSecret(options.dataDir, config.secret)),
    signInLimiter: new FailureLimiter(
      new SignIns(sql),
      config.signInFailures.max,
      config.signInFailures.windowMs,
      now,
    ),
    registry: options.registry,
    call: new CallService({
      sql,
      sessions,
      audit,
      registry: options.registry,
      log: options.log,
      now,
      maxObservers: config.callMaxObservers,
    }),
    log: options.log,
    now,
  }
}
