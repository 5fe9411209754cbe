-- Images kept from an imported ZIP archive (issue 16): one row per stored object (files/{chat_id}/{id} in the object
-- store), written after its object. The id is random (128 bits) and is the only name the URL carries; a chat's files go
-- with it (rows by cascade, objects after the commit).
CREATE TABLE chat_file (
  id TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL REFERENCES chat(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX chat_file_chat ON chat_file(chat_id);
CREATE INDEX chat_file_user ON chat_file(user_id);
