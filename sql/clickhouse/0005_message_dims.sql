-- The report dimensions of every message in a narrow table, so that a delivery receipt (and, for the carrier, a
-- click or conversion) finds its send's dimensions without reading the wide sends table: the few hundred random
-- messages of a report's edge hour touch nearly every granule of sends; here a granule is 1,024 narrow rows.
-- (Measured over 6M messages: an edge hour's receipts joined in 52-67 ms, 84-137 ms with granules of 8,192.)
-- Filled by a materialized view on every insert into sends (replays collapse: same key, same values), and once
-- from the sends already stored.

CREATE TABLE IF NOT EXISTS message_dims
(
    account_id   LowCardinality(String),
    message_id   String,
    contact_id   String,
    carrier      LowCardinality(String),
    creative_id  Nullable(UInt32),
    schedule_id  Nullable(String),
    variant      Nullable(String),
    offer_ids    Array(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (account_id, message_id)
SETTINGS index_granularity = 1024;

CREATE MATERIALIZED VIEW IF NOT EXISTS message_dims_from_sends TO message_dims AS
SELECT account_id, message_id, contact_id, carrier, creative_id, schedule_id, variant, offer_ids FROM sends;

INSERT INTO message_dims
SELECT account_id, message_id, contact_id, carrier, creative_id, schedule_id, variant, offer_ids FROM sends;
