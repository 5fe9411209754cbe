-- Issue 18 items 3 and 4. allow_download: readers may download the shared chat (Markdown, Open WebUI JSON) and print
-- it; on by default, as the issue asks (the page offers nothing new when it is off). allow_indexing: the owner's wish
-- that search engines index the link; off by default, and only honoured while the link is open to anyone without
-- password or limits and the administrator allows indexing (decided at read time, shares/indexing.ts). The partial
-- index keeps /sitemap.xml a walk over the few links that asked for it.
ALTER TABLE share ADD COLUMN allow_download INTEGER NOT NULL DEFAULT 1;
ALTER TABLE share ADD COLUMN allow_indexing INTEGER NOT NULL DEFAULT 0;
CREATE INDEX share_indexing ON share(updated_at, chat_id) WHERE allow_indexing = 1;
