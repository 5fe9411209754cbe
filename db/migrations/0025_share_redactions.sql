-- Issue 18.1: the owner's answers to the pre-share scan, per chat (the dialog scans before the first publish, when no
-- share exists yet). The value is never stored in clear: a keyed hash to match it, and the value sealed with a key derived
-- from the instance secret (AES-256-GCM), so a share's copy is redacted by a plain search instead of a scan of the chat.
CREATE TABLE share_redaction (
  chat_id TEXT NOT NULL REFERENCES chat(id) ON DELETE CASCADE,
  finding_id TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('redact', 'ignore')),
  value_hash TEXT NOT NULL,
  value_sealed TEXT,
  created_at INTEGER NOT NULL,
  -- Unix milliseconds of the last change of decision: a snapshot revision (also milliseconds) older than it lacks it.
  decided_at INTEGER NOT NULL,
  PRIMARY KEY (chat_id, finding_id)
);
