-- time zones, consents, pauses and scheduled check-ins
ALTER TABLE clients ADD COLUMN timezone TEXT;  -- NULL: the clinic's
ALTER TABLE clients ADD COLUMN checkins_consent INTEGER;  -- NULL: not asked yet
ALTER TABLE clients ADD COLUMN announcements_consent INTEGER;
ALTER TABLE clients ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clients ADD COLUMN blocked_at INTEGER;  -- Telegram said 403
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES treatment_sessions (id) ON DELETE CASCADE,
    checkin_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (
        state IN ('pending', 'sent', 'answered', 'cancelled', 'dropped')
    ),
    attempts INTEGER NOT NULL DEFAULT 0,  -- failed sends so far
    sent_at INTEGER,
    message_id INTEGER,
    answer TEXT,
    answered_at INTEGER,
    note TEXT
);
CREATE INDEX checkins_due ON checkins (due_at) WHERE state = 'pending';
CREATE INDEX checkins_by_chat ON checkins (chat_id);
-- Pending check-ins a dispatcher pass has taken: a small table of its own, so a
-- claim writes a few pages instead of touching a thousand rows all over the file.
CREATE TABLE checkin_claims (
    checkin_row INTEGER PRIMARY KEY REFERENCES checkins (id) ON DELETE CASCADE,
    claimed_at INTEGER NOT NULL
);
