-- Throttle windows kept in the database, so the limits hold across WORKERS processes, not per process.
CREATE TABLE rate_limit (
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  count INTEGER NOT NULL,
  reset_at INTEGER NOT NULL, -- unix milliseconds
  PRIMARY KEY (name, key)
) WITHOUT ROWID;
CREATE INDEX rate_limit_reset ON rate_limit(reset_at);
