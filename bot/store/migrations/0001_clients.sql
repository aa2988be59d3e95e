-- clients, treatment sessions, escalations, unanswered questions
CREATE TABLE clients (
    chat_id INTEGER PRIMARY KEY,
    user_id INTEGER,
    first_name TEXT,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE TABLE treatment_sessions (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX treatment_sessions_by_chat ON treatment_sessions (chat_id, at);
CREATE TABLE escalations (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    sign_id TEXT NOT NULL,
    text TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX escalations_by_chat ON escalations (chat_id);
CREATE INDEX escalations_by_time ON escalations (at);
CREATE TABLE unanswered (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    closest TEXT NOT NULL DEFAULT '[]',  -- JSON array of topic ids
    at INTEGER NOT NULL
);
CREATE INDEX unanswered_by_chat ON unanswered (chat_id);
CREATE INDEX unanswered_by_time ON unanswered (at);
