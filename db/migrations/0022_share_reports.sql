-- Issue 17.6, report and moderate. Anyone may report a share link from its page or the API; administrators work the
-- queue newest first. A report keeps no trace of who sent it (the throttle keeps only a keyed hash of the client, for
-- its window). share_id is the link as reported: the row stays when the share goes (the queue says the link is gone).
CREATE TABLE share_report (
  id TEXT PRIMARY KEY,
  share_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'harassment', 'sexual', 'violence', 'private_info', 'illegal', 'other')),
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by TEXT
);
CREATE INDEX share_report_queue ON share_report(status, created_at);
CREATE INDEX share_report_share ON share_report(share_id, status);
-- Why an administrator revoked a link, shown to its owner beside "Revoked by an administrator"; cleared when lifted.
ALTER TABLE share ADD COLUMN moderation_reason TEXT;
