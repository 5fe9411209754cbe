-- The language a user picked in Settings or the footer; NULL means "follow the browser's Accept-Language".
ALTER TABLE user ADD COLUMN locale TEXT CHECK (locale IS NULL OR locale IN ('en', 'fr', 'es'));
