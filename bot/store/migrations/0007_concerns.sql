-- concerns: a client's words the bot asked about before escalating, and their answer
CREATE TABLE concerns (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
    noticed TEXT NOT NULL,  -- the concern's id, or the listed sign asked about
    sign_id TEXT,  -- the warning sign "yes" escalates to, when the client asked about one
    topic_id TEXT,  -- the topic "no" answers with
    text TEXT NOT NULL,
    at INTEGER NOT NULL,
    choice TEXT,  -- yes, no or not-sure; NULL until the client answers
    answered_at INTEGER
);
CREATE INDEX concerns_by_time ON concerns (at);
