-- Sessions are now stored as the SHA-256 of the client's token (src/lib/auth/session.ts). Rows written before held
-- the token itself: they could never validate again, and a copy of the database would still hand them out. Everyone
-- signs in once more.
DELETE FROM session;
