-- Issue 18.1: the owner's answers to the pre-share scan, per chat (the dialog scans before the first publish, when no
-- share exists yet). Only keyed hashes are stored: never the secret or the personal data itself.
CREATE TABLE share_redaction (
  chat_id TEXT NOT NULL REFERENCES chat(id) ON DELETE CASCADE,
  finding_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('redact', 'ignore')),
  value_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (chat_id, finding_id)
);
