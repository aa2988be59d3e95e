-- the outbox: who sends (one lease), broadcast messages waiting out a client's quiet hours
-- One row while a process sends: the running bot, or a command-line broadcast when no bot
-- runs. Others may take it once it expires; a bot waiting for it asks (wanted_by) and a
-- command-line holder hands over between two messages.
CREATE TABLE send_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,  -- kind:pid@host:random, unique to one run of one process
    kind TEXT NOT NULL CHECK (kind IN ('bot', 'cli')),
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    acquired_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,  -- renewed every few seconds while the holder runs
    wanted_by TEXT  -- a bot that waits to send
);
ALTER TABLE broadcast_deliveries ADD COLUMN not_before INTEGER;  -- NULL: at once
