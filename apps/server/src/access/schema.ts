import type { DatabaseSync } from 'node:sqlite'

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
  CREATE TABLE IF NOT EXISTS invitations (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    role TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS invitations_by_session ON invitations (session_id);
  CREATE TABLE IF NOT EXISTS participants (
    id TEXT PRIMARY KEY,
    cookie_hash TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    invitation_id TEXT NOT NULL REFERENCES invitations (id),
    role TEXT NOT NULL,
    display_name TEXT NOT NULL,
    consented_at INTEGER NOT NULL
  );
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

export function createAccessTables(db: DatabaseSync): void {
  db.exec(schema)
}
