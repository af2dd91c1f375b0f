-- Delivery receipts as providers reported them (normalised), one row per distinct receipt. A provider re-posting
-- the same receipt gives the same event id, which collapses like the other event tables.

CREATE TABLE IF NOT EXISTS deliveries
(
    account_id          LowCardinality(String),
    event_id            String,
    event_time          DateTime64(3, 'UTC'),
    message_id          String,
    list_id             UInt32,
    provider            LowCardinality(String),
    provider_message_id String,
    status              LowCardinality(String),
    status_detail       String,
    error_code          Nullable(String),
    ingested_at         DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (account_id, message_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
