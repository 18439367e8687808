import type { DatabaseSync } from 'node:sqlite'
import { randomId } from './tokens.ts'

/**
 * Partner identity. A participant is a person: a partner of a couple (session_id NULL, one per couple
 * and role while not withdrawn) or an observer of one session. A device is one browser of that person,
 * holding a cookie whose SHA-256 is kept; a passkey is a WebAuthn credential of a partner's device or
 * of a therapist. No foreign keys are declared on the links between these tables: the version 0 tables
 * are rebuilt under their names, and SQLite would otherwise keep pointing at the renamed copies.
 */
const invitationsTable = (name: string) => `
  CREATE TABLE IF NOT EXISTS ${name} (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    -- Observer links only: a partner's link belongs to the couple, not to one meeting.
    session_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('partnerA', 'partnerB', 'observer')),
    admits INTEGER NOT NULL DEFAULT 1 CHECK (admits >= 1),
    used INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    CHECK ((role = 'observer') = (session_id IS NOT NULL))
  );
`

const participantsTable = (name: string) => `
  CREATE TABLE IF NOT EXISTS ${name} (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    session_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('partnerA', 'partnerB', 'observer')),
    display_name TEXT NOT NULL,
    -- The link the person first joined with.
    invitation_id TEXT,
    consented_at INTEGER NOT NULL,
    withdrawn_at INTEGER,
    CHECK ((role = 'observer') = (session_id IS NOT NULL))
  );
`

const indexes = `
  CREATE INDEX IF NOT EXISTS invitations_by_couple ON invitations (couple_id, created_at);
  CREATE INDEX IF NOT EXISTS invitations_by_session ON invitations (session_id);
  CREATE UNIQUE INDEX IF NOT EXISTS participants_one_partner ON participants (couple_id, role)
    WHERE session_id IS NULL AND withdrawn_at IS NULL;
  CREATE INDEX IF NOT EXISTS participants_by_session ON participants (session_id);
  CREATE INDEX IF NOT EXISTS participants_by_invitation ON participants (invitation_id);
`

const devicesAndPasskeys = `
  CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL,
    cookie_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'withdrawn')),
    -- The link this browser came in through; NULL for a device carried over from version 0 without one.
    invitation_id TEXT,
    created_at INTEGER NOT NULL,
    signed_in_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    label TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX IF NOT EXISTS devices_by_participant ON devices (participant_id);
  CREATE INDEX IF NOT EXISTS devices_by_invitation ON devices (invitation_id);
  CREATE TABLE IF NOT EXISTS passkeys (
    -- The credential id, base64url.
    id TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('participant', 'therapist')),
    owner_id TEXT NOT NULL,
    -- The partner's device it signs in again; NULL for a therapist's.
    device_id TEXT,
    public_key BLOB NOT NULL,
    counter INTEGER NOT NULL,
    -- JSON array of the authenticator's transports, as the browser reported them.
    transports TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS passkeys_by_owner ON passkeys (owner_kind, owner_id);
  CREATE INDEX IF NOT EXISTS passkeys_by_device ON passkeys (device_id);
`

/** A new database: the tables as they are now. */
export function createPartnerTables(db: DatabaseSync): void {
  db.exec(invitationsTable('invitations'))
  db.exec(participantsTable('participants'))
  db.exec(indexes)
  db.exec(devicesAndPasskeys)
}

/** Whether `table` has `column` (the version 0 tables are told apart by their columns). */
function hasColumn(db: DatabaseSync, table: string, column: string): boolean {
  return db
    .prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`)
    .all(table, column)
    .some(() => true)
}

/**
 * Version 0 → now, keeping every row. Needs `sessions.couple_id` filled. SQLite cannot drop NOT NULL,
 * so invitations and participants are rebuilt (new table, copy, drop, rename) inside one savepoint,
 * which nests in the caller's transaction if there is one.
 *
 * - Invitations: a partner's link moves to the couple (session_id NULL); an observer's keeps its
 *   session. `used` counts who joined with it; an observer link admits at least as many as it did.
 * - Partners of the same couple and role become one person: the most recent participant id is kept,
 *   and every old row's cookie becomes one of that person's devices, so each browser stays signed in.
 *   A device whose link had been revoked stays shut out (withdrawn), as it was.
 * - Observers stay one person per session, each with their one device.
 * - Devices count as seen at the upgrade, so nobody's sign-in lapses because of it.
 */
export function upgradePartnerTables(db: DatabaseSync, now: number = Date.now()): void {
  if (hasColumn(db, 'participants', 'couple_id')) return
  db.exec('SAVEPOINT partner_tables_upgrade')
  try {
    const missing = db
      .prepare(
        `SELECT count(*) AS n FROM invitations i LEFT JOIN sessions s ON s.id = i.session_id
         WHERE s.couple_id IS NULL`,
      )
      .get()
    if (Number(missing?.n) > 0)
      throw new Error('Partner tables upgrade: every session needs its couple_id first.')

    db.exec(invitationsTable('invitations_v1'))
    db.exec(`
      INSERT INTO invitations_v1
        (id, couple_id, session_id, role, admits, used, created_at, expires_at, revoked_at)
      SELECT i.id, s.couple_id, CASE WHEN i.role = 'observer' THEN i.session_id END, i.role,
             CASE WHEN i.role = 'observer' THEN max(1, joined.n) ELSE 1 END,
             CASE WHEN i.role = 'observer' THEN joined.n ELSE min(1, joined.n) END,
             i.created_at, i.expires_at, i.revoked_at
      FROM invitations i
      JOIN sessions s ON s.id = i.session_id
      JOIN (SELECT i2.id AS id, count(p.id) AS n FROM invitations i2
            LEFT JOIN participants p ON p.invitation_id = i2.id GROUP BY i2.id) joined ON joined.id = i.id
    `)

    const old = db
      .prepare(
        `SELECT p.id, p.cookie_hash, p.session_id, p.invitation_id, p.role, p.display_name, p.consented_at,
                s.couple_id, i.revoked_at
         FROM participants p
         JOIN sessions s ON s.id = p.session_id
         LEFT JOIN invitations i ON i.id = p.invitation_id
         ORDER BY p.consented_at, p.rowid`,
      )
      .all()
    const lost = db.prepare('SELECT count(*) AS n FROM participants').get()
    if (Number(lost?.n) !== old.length)
      throw new Error('Partner tables upgrade: a participant belongs to no session with a couple.')

    // One person per couple and role for partners (the last row of the group, oldest first, wins);
    // one per row for observers.
    const personOf = new Map<string, Record<string, unknown>>()
    const groupOf = (row: Record<string, unknown>) =>
      row.role === 'observer' ? `observer:${String(row.id)}` : `${String(row.couple_id)}:${String(row.role)}`
    for (const row of old) personOf.set(groupOf(row), row)

    db.exec(participantsTable('participants_v1'))
    const insertPerson = db.prepare(
      `INSERT INTO participants_v1
         (id, couple_id, session_id, role, display_name, invitation_id, consented_at, withdrawn_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    db.exec(devicesAndPasskeys)
    const insertDevice = db.prepare(
      `INSERT INTO devices
         (id, participant_id, cookie_hash, status, invitation_id, created_at, signed_in_at, last_seen_at, label)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')`,
    )
    const revokedAt = (row: Record<string, unknown>) =>
      row.revoked_at === null || row.revoked_at === undefined ? null : Number(row.revoked_at)

    for (const [group, person] of personOf) {
      const rows = old.filter((row) => groupOf(row) === group)
      const shutOut = rows.every((row) => revokedAt(row) !== null)
      insertPerson.run(
        String(person.id),
        String(person.couple_id),
        person.role === 'observer' ? String(person.session_id) : null,
        String(person.role),
        String(person.display_name),
        String(person.invitation_id),
        Number(person.consented_at),
        shutOut ? Math.max(...rows.map((row) => revokedAt(row) ?? 0)) : null,
      )
      for (const row of rows) {
        insertDevice.run(
          randomId('dev'),
          String(person.id),
          String(row.cookie_hash),
          revokedAt(row) === null ? 'active' : 'withdrawn',
          String(row.invitation_id),
          Number(row.consented_at),
          Number(row.consented_at),
          now,
        )
      }
    }

    db.exec('DROP TABLE participants')
    db.exec('DROP TABLE invitations')
    db.exec('ALTER TABLE invitations_v1 RENAME TO invitations')
    db.exec('ALTER TABLE participants_v1 RENAME TO participants')
    db.exec(indexes)
    db.exec('RELEASE partner_tables_upgrade')
  } catch (error) {
    db.exec('ROLLBACK TO partner_tables_upgrade')
    db.exec('RELEASE partner_tables_upgrade')
    throw error
  }
}
