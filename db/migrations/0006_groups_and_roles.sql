-- Running an instance: the 'pending' role (accounts waiting for an admin's approval), when each account was last active,
-- groups that grant permissions, shares an admin revoked, and the settings renamed to the permission names.
-- migrate: foreign-keys-off
-- (SQLite cannot alter a CHECK constraint: the user table is rebuilt, the documented way, with foreign keys off so that
-- dropping the old table does not cascade into sessions, chats and shares. src/lib/db.ts honours the line above.)
CREATE TABLE user_new (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'user', 'pending')),
  password_hash TEXT NOT NULL,
  avatar_updated_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_active_at INTEGER           -- the last request made as this account (recorded at most once a minute)
);
INSERT INTO user_new (id, email, name, role, password_hash, avatar_updated_at, created_at, updated_at)
  SELECT id, email, name, role, password_hash, avatar_updated_at, created_at, updated_at FROM user;
DROP TABLE user;
ALTER TABLE user_new RENAME TO user;

-- Groups grant permissions to their members: a user's permission is the default or any of their groups.
CREATE TABLE user_group (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  permissions TEXT NOT NULL DEFAULT '{}',   -- Open WebUI's nested shape: {"chat":{"share":true,"clone":true},"sharing":{"public_chat":true}}
  created_by TEXT REFERENCES user(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX user_group_name ON user_group(name COLLATE NOCASE);

CREATE TABLE group_member (
  group_id TEXT NOT NULL REFERENCES user_group(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_member_user ON group_member(user_id);

-- An admin's revocation (moderation): the owner sees the link as revoked and cannot restore it; an admin can.
ALTER TABLE share ADD COLUMN moderated_by TEXT;
CREATE INDEX share_all_updated ON share(updated_at DESC);

-- The settings take the names they have in the admin API; the community URL is configuration, not a setting.
UPDATE setting SET key = 'permissions.chat.share' WHERE key = 'chatShare';
UPDATE setting SET key = 'permissions.sharing.public_chat' WHERE key = 'publicSharing';
UPDATE setting SET key = 'ENABLE_COMMUNITY_SHARING' WHERE key = 'communitySharing';
DELETE FROM setting WHERE key = 'communitySharingUrl';
