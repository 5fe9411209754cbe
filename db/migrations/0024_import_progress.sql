-- An import's progress, kept on its queue row so that whichever WORKERS process answers the poll sees it: the bytes of
-- the body received so far (written at most every ~250 ms), then the chats stored, written in each batch's own
-- transaction. The row goes when the import ends, so an account with no row has no import.
ALTER TABLE import_slot ADD COLUMN client_id TEXT; -- the id the page gave its import (?import_id=), to follow that one
ALTER TABLE import_slot ADD COLUMN started_at INTEGER; -- unix milliseconds: when it left the queue and began
ALTER TABLE import_slot ADD COLUMN total_bytes INTEGER; -- the body's Content-Length, when sent
ALTER TABLE import_slot ADD COLUMN received_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_slot ADD COLUMN received INTEGER NOT NULL DEFAULT 0; -- 1 once the whole body is in: now importing
ALTER TABLE import_slot ADD COLUMN files_done INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_slot ADD COLUMN chats_total INTEGER; -- entries of the files parsed so far; null before the first
ALTER TABLE import_slot ADD COLUMN chats_imported INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_slot ADD COLUMN chats_skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_slot ADD COLUMN chats_rejected INTEGER NOT NULL DEFAULT 0;
