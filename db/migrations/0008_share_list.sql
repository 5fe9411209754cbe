-- The Shared Chats list at 10,000 shares per owner: the chat's title is kept on its share (by triggers, so no code path
-- can forget it), and every sortable column has an index that also carries chat_id, so a page is found by walking an
-- index, not by sorting every row.
ALTER TABLE share ADD COLUMN title TEXT NOT NULL DEFAULT '';
UPDATE share SET title = (SELECT title FROM chat WHERE chat.id = share.chat_id);
CREATE TRIGGER share_title_on_insert AFTER INSERT ON share BEGIN
  UPDATE share SET title = (SELECT title FROM chat WHERE chat.id = NEW.chat_id) WHERE chat_id = NEW.chat_id;
END;
CREATE TRIGGER share_title_on_chat_rename AFTER UPDATE OF title ON chat BEGIN
  UPDATE share SET title = NEW.title WHERE chat_id = NEW.id;
END;
CREATE INDEX share_list_title ON share(user_id, title COLLATE NOCASE, chat_id);
CREATE INDEX share_list_created ON share(user_id, created_at, chat_id);
CREATE INDEX share_list_updated ON share(user_id, updated_at, chat_id);
CREATE INDEX share_list_share_id ON share(user_id, share_id, chat_id);
CREATE INDEX share_list_public ON share(user_id, is_public, chat_id);
CREATE INDEX share_list_password ON share(user_id, (password_hash IS NOT NULL), chat_id);
CREATE INDEX share_list_views ON share(user_id, views, chat_id);
CREATE INDEX share_list_clones ON share(user_id, clones, chat_id);
CREATE INDEX share_list_kind ON share(user_id, kind, chat_id);
-- Everything the status rule reads, so counting and sorting by status never touch the table.
CREATE INDEX share_list_status ON share(user_id, status, max_clones, clones, allow_view_after_clone_limit, expires_at, max_views, views, chat_id);
