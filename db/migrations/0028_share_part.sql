-- Issue 17.4, share a part: which messages a share publishes. Both null: the whole visible branch (as before). Only
-- part_last: everything up to that message. Both: the range from part_first down to part_last (an ancestor of it). Only
-- part_first: from that message to the end of its branch, following new messages like a whole chat does.
ALTER TABLE share ADD COLUMN part_first TEXT;
ALTER TABLE share ADD COLUMN part_last TEXT;
