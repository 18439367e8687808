import type { Migrations } from './postgresSchema.ts'
import { migratePostgres } from './postgresSchema.ts'
import type { Sql } from './sql.ts'

/**
 * The access tables on PostgreSQL, at the shape the SQLite file reaches after all its upgrades (access
 * schema version 7): therapists and their logins, couples and sessions, invitations, participants,
 * devices and passkeys, passkey ceremonies, progress entries and flags, call keys, failed sign-ins, the
 * audit trail (step 1) and the LiveKit webhook events already handled (step 2). Times are ms since the
 * epoch (BIGINT); the SQLite-only upgrades (boards from before couples, the old partner tables) have no
 * counterpart here, since a PostgreSQL database starts new.
 */
const accessMigrations: Migrations = [
  `
  CREATE TABLE therapists (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE logins (
    id TEXT PRIMARY KEY,
    cookie_hash TEXT NOT NULL UNIQUE,
    therapist_id TEXT NOT NULL REFERENCES therapists (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_active_at BIGINT NOT NULL
  );
  CREATE TABLE couples (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES therapists (id),
    partner_a_name TEXT NOT NULL,
    partner_b_name TEXT NOT NULL,
    program_start TEXT NOT NULL,
    phase TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX couples_by_therapist ON couples (therapist_id, created_at);
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL REFERENCES therapists (id),
    title TEXT NOT NULL,
    partner_a_name TEXT NOT NULL,
    partner_b_name TEXT NOT NULL,
    scheduled_for BIGINT,
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    couple_id TEXT REFERENCES couples (id),
    started_at BIGINT
  );
  CREATE INDEX sessions_by_therapist ON sessions (therapist_id, created_at);
  CREATE INDEX sessions_by_couple ON sessions (couple_id, created_at);

  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    -- Observer links only: a partner's link belongs to the couple, not to one meeting.
    session_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('partnerA', 'partnerB', 'observer')),
    admits INTEGER NOT NULL DEFAULT 1 CHECK (admits >= 1),
    used INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    CHECK ((role = 'observer') = (session_id IS NOT NULL))
  );
  CREATE INDEX invitations_by_couple ON invitations (couple_id, created_at);
  CREATE INDEX invitations_by_session ON invitations (session_id);
  CREATE TABLE participants (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    session_id TEXT,
    role TEXT NOT NULL CHECK (role IN ('partnerA', 'partnerB', 'observer')),
    display_name TEXT NOT NULL,
    -- The link the person first joined with.
    invitation_id TEXT,
    consented_at BIGINT NOT NULL,
    withdrawn_at BIGINT,
    CHECK ((role = 'observer') = (session_id IS NOT NULL))
  );
  CREATE UNIQUE INDEX participants_one_partner ON participants (couple_id, role)
    WHERE session_id IS NULL AND withdrawn_at IS NULL;
  CREATE INDEX participants_by_session ON participants (session_id);
  CREATE INDEX participants_by_invitation ON participants (invitation_id);
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    participant_id TEXT NOT NULL,
    cookie_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'withdrawn')),
    invitation_id TEXT,
    created_at BIGINT NOT NULL,
    signed_in_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    label TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX devices_by_participant ON devices (participant_id);
  CREATE INDEX devices_by_invitation ON devices (invitation_id);
  CREATE TABLE passkeys (
    -- The credential id, base64url.
    id TEXT PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('participant', 'therapist')),
    owner_id TEXT NOT NULL,
    device_id TEXT,
    public_key BYTEA NOT NULL,
    counter BIGINT NOT NULL,
    transports TEXT NOT NULL DEFAULT '[]',
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
  );
  CREATE INDEX passkeys_by_owner ON passkeys (owner_kind, owner_id);
  CREATE INDEX passkeys_by_device ON passkeys (device_id);
  -- Ceremonies in flight, each row taken once (DELETE … RETURNING), on whichever instance finishes it.
  CREATE TABLE passkey_challenges (
    challenge TEXT PRIMARY KEY,
    context TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX passkey_challenges_by_expiry ON passkey_challenges (expires_at);
  CREATE TABLE pending_logins (
    id_hash TEXT PRIMARY KEY,
    therapist_id TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX pending_logins_by_expiry ON pending_logins (expires_at);

  CREATE TABLE progress_entries (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    metric_id TEXT NOT NULL,
    partner TEXT NOT NULL CHECK (partner IN ('partnerA', 'partnerB', 'couple')),
    logged_by TEXT NOT NULL,
    day TEXT NOT NULL,
    logged_at BIGINT NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    value INTEGER NOT NULL,
    privacy TEXT NOT NULL CHECK (privacy IN ('shared', 'therapist')),
    note TEXT,
    received_at BIGINT NOT NULL
  );
  CREATE INDEX progress_entries_by_day ON progress_entries (couple_id, day);
  CREATE TABLE flags (
    id TEXT PRIMARY KEY,
    couple_id TEXT NOT NULL,
    entry_id TEXT NOT NULL UNIQUE REFERENCES progress_entries (id),
    metric_id TEXT NOT NULL,
    partner TEXT NOT NULL CHECK (partner IN ('partnerA', 'partnerB', 'couple')),
    level TEXT NOT NULL CHECK (level IN ('red', 'yellow')),
    day TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    response TEXT,
    acknowledged_at BIGINT,
    acknowledged_by TEXT
  );
  CREATE INDEX flags_by_day ON flags (couple_id, day);
  CREATE INDEX flags_waiting ON flags (couple_id) WHERE acknowledged_at IS NULL;

  CREATE TABLE call_keys (
    session_id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    key_index INTEGER NOT NULL
  );
  CREATE TABLE sign_in_failures (
    key_hash TEXT NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key_hash, at);
  CREATE INDEX sign_in_failures_by_time ON sign_in_failures (at);

  CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    session_id TEXT,
    actor_role TEXT,
    actor_id TEXT,
    subject_id TEXT,
    detail TEXT
  );
  CREATE INDEX audit_by_session ON audit (session_id, id);
  -- Append-only: the trail cannot be edited or trimmed through the server's connection.
  CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END;
  $$;
  CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
  CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
  `,
  `
  CREATE TABLE webhook_events (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL
  );
  CREATE INDEX audit_by_actor ON audit (actor_id, id);
  `,
]

export function createAccessTables(sql: Sql): Promise<void> {
  return migratePostgres(sql, 'access', accessMigrations)
}
