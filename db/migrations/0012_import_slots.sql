-- One import per account at a time, across WORKERS processes: the running import and the few waiting behind it each
-- hold a row with a lease (renewed while alive), so a crashed process's claim lapses instead of holding the account.
CREATE TABLE import_slot (
  ticket TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'running')),
  pid INTEGER NOT NULL, -- the process holding it: a claim whose process is gone is dropped at once (one box)
  queued_at INTEGER NOT NULL, -- unix milliseconds: the queue's order
  expires_at INTEGER NOT NULL -- unix milliseconds
) WITHOUT ROWID;
CREATE INDEX import_slot_user ON import_slot(user_id, state);
