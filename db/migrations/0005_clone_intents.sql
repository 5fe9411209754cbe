-- Clones asked for before sign-in are carried out once: each intent's nonce is recorded when used.
CREATE TABLE clone_intent_used (
  nonce TEXT PRIMARY KEY,
  used_at INTEGER NOT NULL
);
