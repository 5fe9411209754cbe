-- The share link a chat was cloned from, so Clone Chat can tell a viewer they have a copy already and link to it
-- (cloning twice used to make a second copy silently). NULL for chats not made by Clone Chat.
ALTER TABLE chat ADD COLUMN cloned_from_share TEXT;
CREATE INDEX chat_cloned_from ON chat (user_id, cloned_from_share) WHERE cloned_from_share IS NOT NULL;
