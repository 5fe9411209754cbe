-- Issue 17.1: who a link is for. Open WebUI 0.11's access_grant table (same columns), for one resource type here,
-- 'shared_chat' (resource_id = the chat's id, as Open WebUI keys it), with user and group principals and 'read'.
-- share.restricted = 1: only the owner and the principals granted may read the link ("only chosen people and groups");
-- such a link is never public (is_public = 0), so a signed-out reader is sent to sign in as for a login-only link.
CREATE TABLE access_grant (
  id TEXT PRIMARY KEY,
  resource_type TEXT NOT NULL CHECK (resource_type IN ('shared_chat')),
  resource_id TEXT NOT NULL,
  principal_type TEXT NOT NULL CHECK (principal_type IN ('user', 'group')),
  principal_id TEXT NOT NULL,
  permission TEXT NOT NULL DEFAULT 'read' CHECK (permission IN ('read')),
  created_at INTEGER NOT NULL,
  UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE INDEX access_grant_principal ON access_grant(principal_type, principal_id, resource_type);

ALTER TABLE share ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;

-- Grants never outlive what they name: the link's row, the account, the group.
CREATE TRIGGER access_grant_share_gone AFTER DELETE ON share BEGIN
  DELETE FROM access_grant WHERE resource_type = 'shared_chat' AND resource_id = OLD.chat_id;
END;
CREATE TRIGGER access_grant_user_gone AFTER DELETE ON user BEGIN
  DELETE FROM access_grant WHERE principal_type = 'user' AND principal_id = OLD.id;
END;
CREATE TRIGGER access_grant_group_gone AFTER DELETE ON user_group BEGIN
  DELETE FROM access_grant WHERE principal_type = 'group' AND principal_id = OLD.id;
END;
