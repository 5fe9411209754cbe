-- Issue 17.3: a signed-in reader outside a people-only link's audience asks its owner for access. One row per link and
-- reader (asking again after a decline reuses it); approving adds the reader's user grant (access_grant) in the same write.
CREATE TABLE access_request (
  id TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  UNIQUE (chat_id, user_id)
);
CREATE INDEX access_request_status ON access_request(chat_id, status);
