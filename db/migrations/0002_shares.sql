-- Share links: one per chat, addressed publicly by share_id.
CREATE TABLE share (
  chat_id TEXT PRIMARY KEY REFERENCES chat(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  share_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'live')),
  is_public INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT,
  display_username INTEGER NOT NULL DEFAULT 0,
  allow_cloning INTEGER NOT NULL DEFAULT 1,
  expires_at INTEGER,
  max_views INTEGER NOT NULL DEFAULT 0,
  max_clones INTEGER NOT NULL DEFAULT 0,
  allow_view_after_clone_limit INTEGER NOT NULL DEFAULT 0,
  views INTEGER NOT NULL DEFAULT 0,
  clones INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  revoked_reason TEXT CHECK (revoked_reason IN ('manual', 'expired_time', 'expired_views', 'clone_limit')),
  snapshot_rev INTEGER NOT NULL DEFAULT 0,
  snapshot_title TEXT,             -- what the snapshot artifact shows, for previews without re-rendering
  snapshot_summary TEXT,
  show_qr INTEGER NOT NULL DEFAULT 0,
  gradient_qr INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX share_user ON share(user_id, updated_at DESC);
