import type { DatabaseSync } from 'node:sqlite'
import type { Logger } from '../log.ts'
import type { DocumentRegistry } from '../sync/registry.ts'
import { Accounts } from './accounts.ts'
import { AuditTrail } from './audit.ts'
import type { HuddleHistory } from './huddleHistory.ts'
import { createHuddleHistory } from './huddleHistory.ts'
import { Invitations } from './invitations.ts'
import { FailureLimiter } from './rateLimit.ts'
import { createAccessTables } from './schema.ts'
import { loadSecret } from './secret.ts'
import { Sessions } from './sessions.ts'
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
}

/** Everything the access layer (REST routes and sync hooks) works with. */
export type Access = {
  config: AccessConfig
  accounts: Accounts
  sessions: Sessions
  invitations: Invitations
  audit: AuditTrail
  signer: TokenSigner
  signInLimiter: FailureLimiter
  registry: DocumentRegistry
  /** Carries finished huddles' records from one session of a couple to the next. */
  huddleHistory: HuddleHistory
  log: Logger
  now: () => number
}

export function createAccess(options: {
  db: DatabaseSync
  dataDir: string
  config: AccessConfig
  registry: DocumentRegistry
  log: Logger
  now?: () => number
}): Access {
  const { db, config } = options
  const now = options.now ?? Date.now
  createAccessTables(db)
  const sessions = new Sessions(db, now)
  return {
    config,
    accounts: new Accounts(db, now, config.idleLogoffMs),
    sessions,
    invitations: new Invitations(db, now),
    audit: new AuditTrail(db, now),
    signer: new TokenSigner(loadSecret(options.dataDir, config.secret)),
    signInLimiter: new FailureLimiter(config.signInFailures.max, config.signInFailures.windowMs, now),
    registry: options.registry,
    huddleHistory: createHuddleHistory({ sessions, registry: options.registry, log: options.log }),
    log: options.log,
    now,
  }
}
