-- The schema SQLite has after db/migrations/0001…0030, as PostgreSQL: same tables, columns, indexes and constraints.
-- Types: 0/1 flags stay INTEGER (the code compares them with 0 and 1); times, sizes, counters and other numbers are
-- BIGINT (SQLite's integers are 64-bit: unix seconds pass 2^31 in 2038, and users pick expiry dates); JSON stays TEXT;
-- BLOB is BYTEA. Tables the code orders by SQLite's rowid (insertion order) have a rowid identity column.
-- SQLite's WITHOUT ROWID tables are ordinary tables here (PostgreSQL has no rowid to leave out).

-- "user" is reserved in PostgreSQL: the dialect quotes the bare word in every statement.
CREATE TABLE "user" (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE nocase,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'user', 'pending')),
  password_hash TEXT NOT NULL,
  avatar_updated_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_active_at BIGINT,
  locale TEXT CHECK (locale IS NULL OR locale IN ('en', 'fr', 'es')),
  settings TEXT
);

CREATE TABLE session (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  created_at BIGINT,
  last_used_at BIGINT,
  user_agent TEXT
);
-- Quoted: SESSION_USER is reserved in PostgreSQL.
CREATE INDEX "session_user" ON session(user_id);

CREATE TABLE user_avatar (
  user_id TEXT PRIMARY KEY REFERENCES "user"(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  data BYTEA NOT NULL
);

CREATE TABLE api_key (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX api_key_user ON api_key(user_id);

CREATE TABLE chat (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  chat TEXT NOT NULL,
  models TEXT NOT NULL DEFAULT '[]',
  meta TEXT NOT NULL DEFAULT '{}',
  archived INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  folder_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  source_id TEXT,
  content_hash TEXT,
  cloned_from_share TEXT,
  branch_at BIGINT NOT NULL DEFAULT 0,
  -- Insertion order (findImported, latestCloneOf order by it).
  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX chat_user_updated ON chat(user_id, updated_at DESC);
CREATE INDEX chat_user_import ON chat(user_id, content_hash) WHERE content_hash IS NOT NULL;
CREATE INDEX chat_version ON chat (id, updated_at, branch_at);
CREATE INDEX chat_cloned_from ON chat (user_id, cloned_from_share) WHERE cloned_from_share IS NOT NULL;
CREATE INDEX chat_user_pinned ON chat(user_id, pinned, archived, updated_at DESC);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE share (
  chat_id TEXT PRIMARY KEY REFERENCES chat(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  share_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'live')),
  is_public INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT,
  display_username INTEGER NOT NULL DEFAULT 0,
  allow_cloning INTEGER NOT NULL DEFAULT 1,
  expires_at BIGINT,
  max_views BIGINT NOT NULL DEFAULT 0,
  max_clones BIGINT NOT NULL DEFAULT 0,
  allow_view_after_clone_limit INTEGER NOT NULL DEFAULT 0,
  views BIGINT NOT NULL DEFAULT 0,
  clones BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  revoked_reason TEXT CHECK (revoked_reason IN ('manual', 'expired_time', 'expired_views', 'clone_limit')),
  snapshot_rev BIGINT NOT NULL DEFAULT 0,
  snapshot_title TEXT,
  snapshot_summary TEXT,
  show_qr INTEGER NOT NULL DEFAULT 0,
  gradient_qr INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  moderated_by TEXT,
  title TEXT NOT NULL DEFAULT '',
  allow_download INTEGER NOT NULL DEFAULT 1,
  allow_indexing INTEGER NOT NULL DEFAULT 0,
  moderation_reason TEXT,
  restricted INTEGER NOT NULL DEFAULT 0,
  part_first TEXT,
  part_last TEXT,
  all_branches INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX share_user ON share(user_id, updated_at DESC);
CREATE INDEX share_all_updated ON share(updated_at DESC);
CREATE INDEX share_list_title ON share(user_id, title COLLATE nocase, chat_id);
CREATE INDEX share_list_created ON share(user_id, created_at, chat_id);
CREATE INDEX share_list_updated ON share(user_id, updated_at, chat_id);
CREATE INDEX share_list_share_id ON share(user_id, share_id, chat_id);
CREATE INDEX share_list_public ON share(user_id, is_public, chat_id);
CREATE INDEX share_list_password ON share(user_id, (password_hash IS NOT NULL), chat_id);
CREATE INDEX share_list_clones ON share(user_id, clones, chat_id);
CREATE INDEX share_list_kind ON share(user_id, kind, chat_id);
CREATE INDEX share_indexing ON share(updated_at, chat_id) WHERE allow_indexing = 1;

-- The chat's title kept on its share (0008). AFTER triggers, as SQLite's: an INSERT … RETURNING answers the row as
-- inserted (title ''), before the trigger writes it.
CREATE FUNCTION share_title_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE share SET title = (SELECT title FROM chat WHERE chat.id = NEW.chat_id) WHERE chat_id = NEW.chat_id;
  RETURN NULL;
END $$;
CREATE TRIGGER share_title_on_insert AFTER INSERT ON share FOR EACH ROW EXECUTE FUNCTION share_title_on_insert();

CREATE FUNCTION share_title_on_chat_rename() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE share SET title = NEW.title WHERE chat_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER share_title_on_chat_rename AFTER UPDATE OF title ON chat FOR EACH ROW EXECUTE FUNCTION share_title_on_chat_rename();

CREATE TABLE clone_intent_used (
  nonce TEXT PRIMARY KEY,
  used_at BIGINT NOT NULL
);

CREATE TABLE user_group (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL DEFAULT '{}',
  created_by TEXT REFERENCES "user"(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX user_group_name ON user_group(name COLLATE nocase);

CREATE TABLE group_member (
  group_id TEXT NOT NULL REFERENCES user_group(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_member_user ON group_member(user_id);

CREATE TABLE rate_limit (
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  count BIGINT NOT NULL,
  reset_at BIGINT NOT NULL, -- unix milliseconds
  PRIMARY KEY (name, key)
);
CREATE INDEX rate_limit_reset ON rate_limit(reset_at);

CREATE TABLE moderated_share_id (
  share_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  moderated_by TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE view_proof (
  nonce TEXT PRIMARY KEY,
  share_id TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  expires_at BIGINT NOT NULL -- unix seconds
);
CREATE INDEX view_proof_expires ON view_proof(expires_at);

CREATE TABLE import_slot (
  ticket TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'running')),
  pid BIGINT NOT NULL,
  queued_at BIGINT NOT NULL, -- unix milliseconds
  expires_at BIGINT NOT NULL, -- unix milliseconds
  client_id TEXT,
  started_at BIGINT,
  total_bytes BIGINT,
  received_bytes BIGINT NOT NULL DEFAULT 0,
  received INTEGER NOT NULL DEFAULT 0,
  files_done BIGINT NOT NULL DEFAULT 0,
  chats_total BIGINT,
  chats_imported BIGINT NOT NULL DEFAULT 0,
  chats_skipped BIGINT NOT NULL DEFAULT 0,
  chats_rejected BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX import_slot_user ON import_slot(user_id, state);

CREATE TABLE live_outline (
  chat_id TEXT PRIMARY KEY REFERENCES chat(id) ON DELETE CASCADE,
  updated_at BIGINT NOT NULL,
  outline TEXT NOT NULL
);

CREATE TABLE tag (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  meta TEXT,
  PRIMARY KEY (id, user_id)
);

CREATE TABLE retired_share_id (
  share_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL
);

CREATE TABLE share_view_day (
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, day)
);
CREATE INDEX share_view_day_day ON share_view_day(day);

CREATE TABLE share_preview_day (
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  platform TEXT NOT NULL,
  previews BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, day, platform)
);
CREATE INDEX share_preview_day_day ON share_preview_day(day);

CREATE TABLE share_referrer_day (
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  domain TEXT NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, day, domain)
);
CREATE INDEX share_referrer_day_day ON share_referrer_day(day);

CREATE TABLE share_report (
  id TEXT PRIMARY KEY,
  share_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'harassment', 'sexual', 'violence', 'private_info', 'illegal', 'other')),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
  created_at BIGINT NOT NULL,
  resolved_at BIGINT,
  resolved_by TEXT,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE -- the queue's tie-breaker (listReports)
);
CREATE INDEX share_report_queue ON share_report(status, created_at);
CREATE INDEX share_report_share ON share_report(share_id, status);

CREATE TABLE share_redaction (
  chat_id TEXT NOT NULL REFERENCES chat(id) ON DELETE CASCADE,
  finding_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('redact', 'ignore')),
  value_hash TEXT NOT NULL,
  value_sealed TEXT,
  created_at BIGINT NOT NULL,
  decided_at BIGINT NOT NULL, -- unix milliseconds
  PRIMARY KEY (chat_id, finding_id)
);

CREATE TABLE access_grant (
  id TEXT PRIMARY KEY,
  resource_type TEXT NOT NULL CHECK (resource_type IN ('shared_chat')),
  resource_id TEXT NOT NULL,
  principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
  principal_id TEXT NOT NULL,
  permission TEXT NOT NULL DEFAULT 'read' CHECK (permission IN ('read')),
  created_at BIGINT NOT NULL,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, -- "shared with me" orders grants of one time by it
  UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE INDEX access_grant_principal ON access_grant(principal_type, principal_id, resource_type);

CREATE FUNCTION access_grant_share_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access_grant WHERE resource_type = 'shared_chat' AND resource_id = OLD.chat_id;
  RETURN NULL;
END $$;
CREATE TRIGGER access_grant_share_gone AFTER DELETE ON share FOR EACH ROW EXECUTE FUNCTION access_grant_share_gone();

CREATE FUNCTION access_grant_user_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access_grant WHERE principal_type = 'user' AND principal_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER access_grant_user_gone AFTER DELETE ON "user" FOR EACH ROW EXECUTE FUNCTION access_grant_user_gone();

CREATE FUNCTION access_grant_group_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM access_grant WHERE principal_type = 'group' AND principal_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER access_grant_group_gone AFTER DELETE ON user_group FOR EACH ROW EXECUTE FUNCTION access_grant_group_gone();

CREATE TABLE access_request (
  id TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'declined')),
  created_at BIGINT NOT NULL,
  decided_at BIGINT,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, -- the owner's pending list's tie-breaker
  UNIQUE (chat_id, user_id)
);
CREATE INDEX access_request_status ON access_request(chat_id, status);

CREATE TABLE chat_file (
  id TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL REFERENCES chat(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX chat_file_chat ON chat_file(chat_id);
CREATE INDEX chat_file_user ON chat_file(user_id);
