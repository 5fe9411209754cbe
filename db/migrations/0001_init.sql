-- Accounts, lucia sessions, API keys, the chat library and instance settings.
CREATE TABLE user (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
  password_hash TEXT NOT NULL,
  avatar_updated_at INTEGER,     -- set when an uploaded avatar exists; null = generated initials
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- lucia's table: the session id is the token the client holds.
CREATE TABLE session (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);
CREATE INDEX session_user ON session(user_id);

-- Kept apart from user so lucia's per-request user lookup never reads image bytes.
CREATE TABLE user_avatar (
  user_id TEXT PRIMARY KEY REFERENCES user(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  data BLOB NOT NULL
);

CREATE TABLE api_key (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE, -- sha256 of the key; the key itself is shown once
  prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER
);
CREATE INDEX api_key_user ON api_key(user_id);

CREATE TABLE chat (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  chat TEXT NOT NULL,            -- Open WebUI's chat JSON, kept whole
  models TEXT NOT NULL DEFAULT '[]',
  meta TEXT NOT NULL DEFAULT '{}',
  archived INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  folder_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX chat_user_updated ON chat(user_id, updated_at DESC);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
