-- A counted view rewrote three b-trees: the share row, and its entries in share_list_views and share_list_status
-- (migration 0008, both carrying views). Measured on a 10,000-share owner: 2.9 WAL pages and 99-111 us per counted
-- view with them, 0.9 pages and 39-45 us without. Without them the dashboard sorts by views and by status at request
-- time: 10-12 ms for page 250 of 10,000 shares (0.2 ms with the index), a rare owner request paying for every viewer.
-- A narrow counter table measured the same per view, but every read of views (the gate, the list, the status rule)
-- would join it.
DROP INDEX IF EXISTS share_list_views;
DROP INDEX IF EXISTS share_list_status;
