-- Raw event tables. ReplacingMergeTree keyed by event id makes every write idempotent: a replayed Kafka
-- partition re-inserts rows with the same sort key, which collapse at merge time and in SELECT … FINAL.
-- Partitioned by month of event time; ordered for the common filters (account, then message).

CREATE TABLE IF NOT EXISTS sends
(
    account_id   LowCardinality(String),
    event_id     String,
    event_time   DateTime64(3, 'UTC'),
    message_id   String,
    contact_id   String,
    list_id      UInt32,
    to_number    String,
    provider     LowCardinality(String),
    segments     UInt16,
    cost         Decimal(18, 6),
    creative_id  Nullable(UInt32),
    schedule_id  Nullable(String),
    variant      Nullable(String),
    offer_ids    Array(String),
    imported     UInt8,
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (account_id, message_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS clicks
(
    account_id   LowCardinality(String),
    event_id     String,
    event_time   DateTime64(3, 'UTC'),
    message_id   String,
    link_code    String,
    offer_id     String,
    contact_id   String,
    ip           String,
    user_agent   String,
    bot_reason   LowCardinality(String),
    is_bot       UInt8,
    is_first     UInt8,
    ingested_at  DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (account_id, message_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS conversions
(
    account_id          LowCardinality(String),
    event_id            String,
    event_time          DateTime64(3, 'UTC'),
    message_id          String,
    click_id            String,
    attributed_click_id String,
    offer_id            String,
    contact_id          String,
    network             LowCardinality(String),
    transaction_id      String,
    conversion_type     LowCardinality(String),
    amount              Decimal(18, 6),
    source              LowCardinality(String),
    ingested_at         DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (account_id, message_id, event_id)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS link_misses
(
    event_id     String,
    event_time   DateTime64(3, 'UTC'),
    code         String,
    host         String,
    ip           String,
    user_agent   String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (event_time, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
