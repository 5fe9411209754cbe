-- A counted page view of a view-limited share leaves its browser a single-use proof (a cookie holding the nonce):
-- a clone from that page spends it instead of counting a second view. Rows expire; spent ones are deleted.
CREATE TABLE view_proof (
  nonce TEXT PRIMARY KEY,
  share_id TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL -- unix seconds
);
CREATE INDEX view_proof_expires ON view_proof(expires_at);
