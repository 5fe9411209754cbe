-- Where an imported chat came from, so that importing the same export again is recognised instead of duplicating chats.
ALTER TABLE chat ADD COLUMN source_id TEXT;      -- the chat's id in the exporting app (Open WebUI row id, ChatGPT conversation id)
ALTER TABLE chat ADD COLUMN content_hash TEXT;   -- sha256 of the export item as imported; null for chats made here
CREATE INDEX chat_user_import ON chat(user_id, content_hash) WHERE content_hash IS NOT NULL;
