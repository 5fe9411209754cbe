-- The sessions list in Settings: when each session began, when it was last used (written at most every few minutes),
-- and the browser it came from, so an owner can tell a stolen session from their own and end it.
ALTER TABLE session ADD COLUMN created_at INTEGER;
ALTER TABLE session ADD COLUMN last_used_at INTEGER;
ALTER TABLE session ADD COLUMN user_agent TEXT;
