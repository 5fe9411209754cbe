-- Issue 17.4, "all branches": a share whose viewers may switch between the regenerations inside its part, read-only
-- (/s/{id}?b=<message id>). Off (0) by default: the share then publishes one path and no other branch's text.
ALTER TABLE share ADD COLUMN all_branches INTEGER NOT NULL DEFAULT 0;
