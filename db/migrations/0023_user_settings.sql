-- Open WebUI's per-user settings object (GET /api/v1/users/user/settings): kept as the client sent it, JSON text.
ALTER TABLE user ADD COLUMN settings TEXT;
