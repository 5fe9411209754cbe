-- The instance secret's random half (src/lib/shares/secret.ts): on one box it is DATA_DIR/secret; several nodes on one
-- PostgreSQL share no disk, so it lives here, one row, written once by the first node that needs it.
CREATE TABLE instance_secret (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value TEXT NOT NULL CHECK (length(value) >= 32)
);
