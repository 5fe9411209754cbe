-- Issue 18.2: views over time, kept privacy-safe. Per share (its chat_id, the row's identity) and UTC day (days since
-- 1970-01-01): counted views, link previews per platform, and the host names of referring sites. Nothing about the
-- viewer (address, agent, cookie) has a column. Rows are added to by each process's flush (stats/flush.ts), never by a
-- trigger on share.views (the view's own statement stays the only one on the hot path), kept 90 days (the day index
-- makes the hourly prune a range delete), and go with their share.
CREATE TABLE share_view_day (
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, day)
) WITHOUT ROWID;
CREATE INDEX share_view_day_day ON share_view_day(day);

CREATE TABLE share_preview_day (
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  platform TEXT NOT NULL,
  previews INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, day, platform)
) WITHOUT ROWID;
CREATE INDEX share_preview_day_day ON share_preview_day(day);

-- At most 50 domains a share and day; the rest are added to domain 'other' (no real host name is a bare word without a dot).
CREATE TABLE share_referrer_day (
  chat_id TEXT NOT NULL REFERENCES share(chat_id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  domain TEXT NOT NULL,
  views INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (chat_id, day, domain)
) WITHOUT ROWID;
CREATE INDEX share_referrer_day_day ON share_referrer_day(day);
