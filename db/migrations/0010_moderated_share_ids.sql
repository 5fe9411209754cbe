-- An administrator's moderation outlives the share row: the owner could otherwise delete the chat (the row goes by
-- cascade) and publish a copy under the same id. The id stays reserved here until an administrator lifts it; it goes
-- with the owner's account (nobody is left to evade anything).
CREATE TABLE moderated_share_id (
  share_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  moderated_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO moderated_share_id (share_id, user_id, moderated_by, created_at)
  SELECT share_id, user_id, moderated_by, updated_at FROM share WHERE moderated_by IS NOT NULL;
