-- front desk: start links, the staff inbox, photo consent, the staff audit log
CREATE TABLE invites (
    code_hash TEXT PRIMARY KEY,  -- sha256 of the code: the code itself is not kept
    first_name TEXT NOT NULL,
    session_at INTEGER,
    created_by INTEGER,  -- staff user id; NULL: the command line
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    chat_id INTEGER REFERENCES clients (chat_id) ON DELETE CASCADE
);
CREATE TABLE conversation (  -- every message between a client and the clinic team
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    direction TEXT NOT NULL CHECK (direction IN ('client', 'staff')),
    kind TEXT NOT NULL,  -- escalation, photo, unanswered, message, reply
    text TEXT NOT NULL DEFAULT '',
    file_id TEXT,  -- a photo: only Telegram's file id, never the picture
    staff_user_id INTEGER,
    staff_message_id INTEGER,  -- where it stands in the staff chat
    at INTEGER NOT NULL
);
CREATE INDEX conversation_by_chat ON conversation (chat_id, at);
CREATE INDEX conversation_by_staff_message ON conversation (staff_message_id);
ALTER TABLE clients ADD COLUMN photo_consent INTEGER;  -- NULL: not asked yet
ALTER TABLE clients ADD COLUMN inbox_open_until INTEGER;  -- a staff conversation
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    actor INTEGER,  -- staff Telegram user id; NULL: the command line
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    client_chat INTEGER,  -- unlinked (set NULL) when that client uses /forget
    at INTEGER NOT NULL
);
CREATE INDEX audit_by_time ON audit (at);
