-- Switching to another branch (a regenerated answer) is reading, not editing: it no longer moves updated_at (the
-- library's "Today", the export's time). It moves branch_at instead, and a chat's version, what live shares and the
-- "Update snapshot" hint follow, is MAX(updated_at, branch_at): still read from the index alone (see 0016).
ALTER TABLE chat ADD COLUMN branch_at INTEGER NOT NULL DEFAULT 0;
DROP INDEX chat_version;
CREATE INDEX chat_version ON chat (id, updated_at, branch_at);
