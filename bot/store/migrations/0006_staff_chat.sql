-- staff chat: buttons answered once, unanswered questions gathered into digests, gaps taught
CREATE TABLE button_answers (  -- the first tap on a message's buttons; later taps change nothing
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    choice TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE TABLE digests (  -- one message to the staff chat listing unanswered questions
    id INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,  -- NULL: its questions are taken but it is not in the staff chat yet
    staff_message_id INTEGER
);
ALTER TABLE unanswered ADD COLUMN digest_id INTEGER REFERENCES digests (id) ON DELETE SET NULL;
ALTER TABLE unanswered ADD COLUMN taught_at INTEGER;  -- staff taught the bot an answer to it
CREATE INDEX unanswered_waiting ON unanswered (at) WHERE digest_id IS NULL;
