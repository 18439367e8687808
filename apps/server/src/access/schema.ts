import type { DatabaseSync } from 'node:sqlite'
import { createPartnerTables, upgradePartnerTables } from './partnerTables.ts'
import { groupSessionsIntoCouples } from './coupleUpgrade.ts'

/**
 * Access tables, in the same file as the documents. Secrets are stored only as hashes: login cookies
 * and participant cookies as SHA-256 of a random id, passwords as scrypt with a per-user salt.
 */
const schema = `
  CREATE TABLE IF NOT EXISTS therapists (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS logins (
    id TEXT PRIMARY KEY,
    cookie_hash TEXT NOT NULL UNIQUE,
    therapist_id TEXT NOT NULL REFERENCES therapists (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_active_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES therapists (id),
    title TEXT NOT NULL,
    partner_a_name TEXT NOT NULL,
    partner_b_name TEXT NOT NULL,
    scheduled_for INTEGER,
    created_at INTEGER NOT NULL,
    ended_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS sessions_by_therapist ON sessions (therapist_id, created_at);
  CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    session_id TEXT,
    actor_role TEXT,
    actor_id TEXT,
    subject_id TEXT,
    detail TEXT
  );
  CREATE INDEX IF NOT EXISTS audit_by_session ON audit (session_id, id);
  -- Append-only: the trail cannot be edited or trimmed through this database connection.
  CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
`

/** Couples: the unit of care. A session belongs to one couple; its board shows that couple's plan. */
const couples = `
  CREATE TABLE IF NOT EXISTS couples (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES therapists (id),
    partner_a_name TEXT NOT NULL,
    partner_b_name TEXT NOT NULL,
    program_start TEXT NOT NULL,
    phase TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS couples_by_therapist ON couples (therapist_id, created_at);
`

/** Boards stored per session before couples existed: each is merged once into its couple's document. */
const legacyBoards = `
  CREATE TABLE IF NOT EXISTS legacy_boards (
    session_id TEXT PRIMARY KEY REFERENCES sessions (id),
    couple_id TEXT NOT NULL REFERENCES couples (id),
    merged_at INTEGER
  );
`

/**
 * Partners' progress entries, logged from their phones between sessions. The id is made on the phone,
 * so an entry the phone sends again (it kept it offline, or never heard the answer) is the same row.
 */
const progressEntries = `
  CREATE TABLE IF NOT EXISTS progress_entries (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    metric_id TEXT NOT NULL,
    partner TEXT NOT NULL CHECK (partner IN ('partnerA', 'partnerB', 'couple')),
    -- The person (participant id) whose phone sent it.
    logged_by TEXT NOT NULL,
    day TEXT NOT NULL,
    logged_at INTEGER NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    value INTEGER NOT NULL,
    privacy TEXT NOT NULL CHECK (privacy IN ('shared', 'therapist')),
    note TEXT,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS progress_entries_by_day ON progress_entries (couple_id, day);
`

/**
 * Flags raised by entries, one per entry at most. The response is copied when the flag is raised: it
 * is what the partner was shown then, even if the couple words it differently later.
 */
const flags = `
  CREATE TABLE IF NOT EXISTS flags (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    entry_id TEXT NOT NULL UNIQUE REFERENCES progress_entries (id),
    metric_id TEXT NOT NULL,
    partner TEXT NOT NULL CHECK (partner IN ('partnerA', 'partnerB', 'couple')),
    level TEXT NOT NULL CHECK (level IN ('red', 'yellow')),
    day TEXT NOT NULL,
    raised_at INTEGER NOT NULL,
    response TEXT,
    acknowledged_at INTEGER,
    -- The therapist who acknowledged it.
    acknowledged_by TEXT
  );
  CREATE INDEX IF NOT EXISTS flags_by_day ON flags (couple_id, day);
  CREATE INDEX IF NOT EXISTS flags_waiting ON flags (couple_id) WHERE acknowledged_at IS NULL;
`

/**
 * Passkey ceremonies in flight, each row taken once (DELETE … RETURNING): a challenge handed to a
 * browser with what it is for, and a therapist's sign-in between the password and the passkey (the
 * browser holds its secret; the row keeps the SHA-256).
 */
const passkeyCeremonies = `
  CREATE TABLE IF NOT EXISTS passkey_challenges (
    challenge TEXT PRIMARY KEY,
    -- JSON: register (owner, device) or sign-in (the pending sign-in it completes, if any).
    context TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS passkey_challenges_by_expiry ON passkey_challenges (expires_at);
  CREATE TABLE IF NOT EXISTS pending_logins (
    id_hash TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS pending_logins_by_expiry ON pending_logins (expires_at);
`

/**
 * Each session's end-to-end key for the video call. Servers before version 5 made this table on their
 * own when they started, so it may be there already.
 */
const callKeys = `
  CREATE TABLE IF NOT EXISTS call_keys (
    session_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    key_index INTEGER NOT NULL
  ) STRICT;
`

/** Failed sign-ins, one row each, by the SHA-256 of what failed (an email address, a client address). */
const signInFailures = `
  CREATE TABLE IF NOT EXISTS sign_in_failures (
    key_hash TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sign_in_failures_by_key ON sign_in_failures (key_hash, at);
  CREATE INDEX IF NOT EXISTS sign_in_failures_by_time ON sign_in_failures (at);
`

/**
 * LiveKit's webhook events already handled, by the event's id: LiveKit may send one again, and with
 * several instances the second delivery can reach another instance. Rows older than a day are dropped.
 */
const webhookEvents = `
  CREATE TABLE IF NOT EXISTS webhook_events (
    id TEXT PRIMARY KEY,
    at INTEGER NOT NULL
  ) STRICT;
`

/**
 * The tables' version (SQLite's user_version). 0 is a database made before couples existed, or a new
 * file; 1 has couples, sessions that belong to them, and partners who enrol devices; 2 has partners'
 * progress entries; 3 has the flags entries raise, and six treatment phases; 4 keeps passkey
 * ceremonies in tables rather than one process's memory; 5 has the call keys among the access tables;
 * 6 counts failed sign-ins in a table; 7 remembers the LiveKit webhook events already handled.
 */
export const ACCESS_SCHEMA_VERSION = 7

export function createAccessTables(db: DatabaseSync): void {
  const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0)
  if (version > ACCESS_SCHEMA_VERSION)
    throw new Error(`The database was written by a newer server (tables version ${version}).`)
  if (version === ACCESS_SCHEMA_VERSION) return
  db.exec('BEGIN IMMEDIATE')
  try {
    if (version < 1) createCouplesAndPartners(db)
    if (version < 2) db.exec(progressEntries)
    if (version < 3) createFlagsAndSixPhases(db)
    if (version < 4) db.exec(passkeyCeremonies)
    if (version < 5) db.exec(callKeys)
    if (version < 6) db.exec(signInFailures)
    if (version < 7) db.exec(webhookEvents)
    db.exec(`PRAGMA user_version = ${ACCESS_SCHEMA_VERSION}`)
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/** Version 0 → 1: a new file gets the tables; an old one groups its sessions into couples. */
function createCouplesAndPartners(db: DatabaseSync): void {
  const fresh =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'").get() === undefined
  db.exec(schema)
  db.exec(couples)
  db.exec('ALTER TABLE sessions ADD COLUMN couple_id TEXT REFERENCES couples (id)')
  db.exec('ALTER TABLE sessions ADD COLUMN started_at INTEGER')
  db.exec('CREATE INDEX IF NOT EXISTS sessions_by_couple ON sessions (couple_id, created_at)')
  db.exec(legacyBoards)
  if (fresh) createPartnerTables(db)
  else {
    groupSessionsIntoCouples(db)
    upgradePartnerTables(db)
  }
}

/**
 * Version 2 → 3: flags get their table; 'active' treatment was split into skill adoption,
 * generalization and maintenance, and a couple in it was learning the skills, so it is in skill adoption.
 */
function createFlagsAndSixPhases(db: DatabaseSync): void {
  db.exec(flags)
  db.exec("UPDATE couples SET phase = 'skillAdoption' WHERE phase = 'active'")
}
