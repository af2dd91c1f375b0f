-- 0018_list_contacts_fillfactor (issue 15): the event pipeline adds every send, first click and conversion to its
-- list contact's counters (send_count, last_sent_at, …), none of which is indexed. With full pages each such
-- update wrote a new row version on another page and an entry in all seven indexes; with room left on the page
-- Postgres updates in place (a HOT update: no index is touched). Pages written from now on keep 30% free; existing
-- pages get the room when the table is rewritten (VACUUM FULL or pg_repack), which this migration leaves to the
-- operator so that it never locks a large table.
ALTER TABLE "list_contacts" SET (fillfactor = 70);
