-- Open WebUI's tags: a chat names its tags by id in meta.tags (as Open WebUI exports them); this table keeps each id's
-- name as its owner wrote it ("Work Notes" for work_notes). A tag used by a chat but absent here shows its id.
CREATE TABLE tag (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  meta TEXT,
  PRIMARY KEY (id, user_id)
);
-- Pinned chats are listed apart in the sidebar; archived ones leave the main list.
CREATE INDEX chat_user_pinned ON chat(user_id, pinned, archived, updated_at DESC);

-- A link id a chat gave up when it was shared again after a revocation (the new link has a new id). The old id stays
-- dead: nobody else can claim it as a custom id and show other content under a link people already hold.
CREATE TABLE retired_share_id (
  share_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
);
