-- The contact's carrier on every click and conversion row (issue 15), so a report grouped or filtered by carrier
-- takes it from the row itself: before, each raw edge of such a report looked up the send of every click and
-- conversion in message_dims, three lookups where the other groupings need one (the receipts'). The processors
-- write it from the send they saw (or the contact's carrier when they did not see it).
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT '';
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT '';

-- Rows stored before: written again with their send's carrier (the newest row of a key is the one FINAL keeps;
-- ingested_at is kept, so the report rollups see no new events: their carrier already came from the send).
-- Run it with the processors stopped (`trackly` migrates before it starts them): a conversion re-credited while
-- this runs would be overwritten by its older copy. On a cluster, clicks, conversions and message_dims are all
-- sharded by message, so the join runs on each shard's local tables.
INSERT INTO clicks (account_id, event_id, event_time, message_id, link_code, offer_id, contact_id, ip, user_agent,
                    bot_reason, is_bot, is_first, ingested_at, kind, country, list_id, creative_id, schedule_id,
                    variant, imported, carrier)
SELECT c.account_id, c.event_id, c.event_time, c.message_id, c.link_code, c.offer_id, c.contact_id, c.ip,
       c.user_agent, c.bot_reason, c.is_bot, c.is_first, c.ingested_at, c.kind, c.country, c.list_id, c.creative_id,
       c.schedule_id, c.variant, c.imported, d.send_carrier
  FROM clicks AS c FINAL
  INNER JOIN (SELECT account_id, message_id, any(carrier) AS send_carrier FROM message_dims
               WHERE carrier != '' AND identity(message_id) IN (SELECT message_id FROM clicks)
               GROUP BY account_id, message_id) AS d
          ON d.account_id = c.account_id AND d.message_id = c.message_id
SETTINGS distributed_product_mode = 'local';

INSERT INTO conversions (account_id, event_id, event_time, message_id, click_id, attributed_click_id, offer_id,
                         contact_id, network, transaction_id, conversion_type, amount, source, ingested_at, list_id,
                         creative_id, schedule_id, variant, attribution_type, seconds_from_click, postings,
                         datacenter_ip, imported, outside_window, carrier)
SELECT v.account_id, v.event_id, v.event_time, v.message_id, v.click_id, v.attributed_click_id, v.offer_id,
       v.contact_id, v.network, v.transaction_id, v.conversion_type, v.amount, v.source, v.ingested_at, v.list_id,
       v.creative_id, v.schedule_id, v.variant, v.attribution_type, v.seconds_from_click, v.postings,
       v.datacenter_ip, v.imported, v.outside_window, d.send_carrier
  FROM conversions AS v FINAL
  INNER JOIN (SELECT account_id, message_id, any(carrier) AS send_carrier FROM message_dims
               WHERE carrier != '' AND identity(message_id) IN (SELECT message_id FROM conversions)
               GROUP BY account_id, message_id) AS d
          ON d.account_id = v.account_id AND d.message_id = v.message_id
SETTINGS distributed_product_mode = 'local';
