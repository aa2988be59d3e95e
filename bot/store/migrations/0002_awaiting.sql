-- clients.awaiting: what the bot asked a client and waits for
ALTER TABLE clients ADD COLUMN awaiting TEXT;
