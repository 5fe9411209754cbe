-- A long live chat's outline at one chat version: what its page needs (counts, summary, the opening and the latest
-- messages), so a freshly started process serves the first view without reading and outlining the whole chat.
CREATE TABLE live_outline (
  chat_id TEXT PRIMARY KEY REFERENCES chat(id) ON DELETE CASCADE,
  updated_at INTEGER NOT NULL,
  outline TEXT NOT NULL
);

-- A chat's version read by every live view and poll, from the index alone: in the table, updated_at sits after the
-- chat's JSON, and SQLite reaches it only through every overflow page of that JSON (14 MB for 120,000 messages).
CREATE INDEX chat_version ON chat (id, updated_at);
