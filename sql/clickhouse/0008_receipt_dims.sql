-- The send's dimensions on every delivery receipt row (issue 15), as clicks and conversions already carry them: a
-- report's raw edges then read no other table. Before, each edge's receipts looked their messages up in
-- message_dims by id, and that lookup grew with the messages stored (an offer-type grouping at 100M events: p95
-- 1.0-1.3 s while date, hour and list, which need no lookup, stayed at 105-173 ms). The messaging processor writes
-- them from the message (the contact's carrier, the send's creative, schedule, variant and offers).
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS contact_id String DEFAULT '';
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT '';
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS creative_id Nullable(UInt32);
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS schedule_id Nullable(String);
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS variant Nullable(String);
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS offer_ids Array(String);

-- Rows stored before: written again with their send's dimensions (ingested_at kept, so the report rollups see no new
-- events: their receipts already took these dimensions from the send). Run with the processors stopped (`trackly`
-- migrates before it starts them). On a cluster, deliveries and message_dims are both sharded by message, so the
-- join runs on each shard's local tables.
INSERT INTO deliveries (account_id, event_id, event_time, message_id, list_id, provider, provider_message_id, status,
                        status_detail, error_code, ingested_at, contact_id, carrier, creative_id, schedule_id, variant,
                        offer_ids)
SELECT d.account_id, d.event_id, d.event_time, d.message_id, d.list_id, d.provider, d.provider_message_id, d.status,
       d.status_detail, d.error_code, d.ingested_at, s.contact_id, s.carrier, s.creative_id, s.schedule_id, s.variant,
       s.offer_ids
  FROM deliveries AS d FINAL
  INNER JOIN (SELECT account_id, message_id, any(contact_id) AS contact_id, any(carrier) AS carrier,
                     any(creative_id) AS creative_id, any(schedule_id) AS schedule_id, any(variant) AS variant,
                     any(offer_ids) AS offer_ids
                FROM message_dims
               WHERE identity(message_id) IN (SELECT message_id FROM deliveries)
               GROUP BY account_id, message_id) AS s
          ON s.account_id = d.account_id AND s.message_id = d.message_id
SETTINGS distributed_product_mode = 'local';
