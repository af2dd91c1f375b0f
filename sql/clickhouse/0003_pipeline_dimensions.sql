-- Report dimensions carried on every event row, so that grouped reports never join: the processors enrich clicks
-- and conversions with their message's list, creative, schedule and variant, and sends with the contact's carrier.
-- Fraud signals and bot-filter outcomes are stored with the rows they describe.

ALTER TABLE sends ADD COLUMN IF NOT EXISTS carrier LowCardinality(String) DEFAULT '';

ALTER TABLE clicks ADD COLUMN IF NOT EXISTS kind LowCardinality(String) DEFAULT 'redirect';
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT '';
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS list_id UInt32 DEFAULT 0;
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS creative_id Nullable(UInt32);
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS schedule_id Nullable(String);
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS variant Nullable(String);
ALTER TABLE clicks ADD COLUMN IF NOT EXISTS imported UInt8 DEFAULT 0;

ALTER TABLE conversions ADD COLUMN IF NOT EXISTS list_id UInt32 DEFAULT 0;
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS creative_id Nullable(UInt32);
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS schedule_id Nullable(String);
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS variant Nullable(String);
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS attribution_type LowCardinality(String) DEFAULT '';
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS seconds_from_click Nullable(Float64);
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS postings UInt16 DEFAULT 1;
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS datacenter_ip UInt8 DEFAULT 0;
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS imported UInt8 DEFAULT 0;
-- 1 when the first click was older than the offer's click_window_days: stored, never credited as revenue.
ALTER TABLE conversions ADD COLUMN IF NOT EXISTS outside_window UInt8 DEFAULT 0;

-- Subscription changes (topic `contacts`): the opt-out rate's numerator.
CREATE TABLE IF NOT EXISTS contact_events
(
    account_id      LowCardinality(String),
    event_id        String,
    event_time      DateTime64(3, 'UTC'),
    type            LowCardinality(String),
    contact_id      String,
    list_contact_id String,
    list_id         UInt32,
    signup_method   LowCardinality(String),
    reason          LowCardinality(String),
    ingested_at     DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (account_id, event_time, event_id)
SETTINGS non_replicated_deduplication_window = 1000;
