-- broadcasts to clients who want clinic news, one delivery row per recipient
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    created_by INTEGER,  -- staff Telegram user id; NULL: the command line
    report_chat INTEGER,  -- where progress goes; NULL: the staff chat
    text TEXT NOT NULL,  -- exactly what clients get
    segment TEXT NOT NULL,  -- all, recent:N or due
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    finished_at INTEGER,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (
        state IN ('draft', 'sending', 'finished', 'cancelled')
    )
);
CREATE INDEX broadcasts_sending ON broadcasts (id) WHERE state = 'sending';
-- Recipients, written when staff confirm; each row says what became of its message.
CREATE TABLE broadcast_deliveries (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (
        state IN ('pending', 'sent', 'blocked', 'failed', 'skipped')
    ),
    error TEXT,
    sent_at INTEGER,
    PRIMARY KEY (broadcast_id, chat_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_deliveries_pending
    ON broadcast_deliveries (broadcast_id, chat_id) WHERE state = 'pending';
CREATE INDEX broadcast_deliveries_by_chat ON broadcast_deliveries (chat_id);
-- The delivery a sender has in flight: taken before the send, gone once marked.
CREATE TABLE broadcast_claims (
    broadcast_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (broadcast_id, chat_id),
    FOREIGN KEY (broadcast_id, chat_id)
        REFERENCES broadcast_deliveries (broadcast_id, chat_id) ON DELETE CASCADE
) WITHOUT ROWID;
