-- Report rollups that stay exact under replay, and contact attributes for cohort reports.
--
-- report_hourly is NOT fed by a materialized view: a view over raw inserts would count a replayed row twice, and
-- conversions are re-inserted when their attribution changes. Instead analytics/rollups.ts recomputes whole
-- (account, hour) slices from the raw tables read with FINAL, for the hours whose raw rows changed (found through
-- ingested_at), and writes them with a newer version. ReplacingMergeTree(version) keeps the newest row per key;
-- keys that vanished from a recomputed hour are overwritten with zero rows. Reports read this table for settled
-- hours and the raw tables (FINAL) for the rest, so a replay changes no number and freshness does not wait for it.

-- Lets the refresher find recently ingested rows without reading whole tables (parts are written in ingest order).
ALTER TABLE sends ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE clicks ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE conversions ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE deliveries ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE contact_events ADD INDEX IF NOT EXISTS ingested_at_minmax ingested_at TYPE minmax GRANULARITY 1;
ALTER TABLE sends MATERIALIZE INDEX ingested_at_minmax;
ALTER TABLE clicks MATERIALIZE INDEX ingested_at_minmax;
ALTER TABLE conversions MATERIALIZE INDEX ingested_at_minmax;
ALTER TABLE deliveries MATERIALIZE INDEX ingested_at_minmax;
ALTER TABLE contact_events MATERIALIZE INDEX ingested_at_minmax;

-- One row per account, hour and dimension combination. grain 'dims': list, creative, schedule, variant, carrier
-- (offer_id empty). grain 'offer': per offer only (a send counts toward every offer its message carried, so these
-- rows are kept apart from the dims rows, whose sends add up to the account's total).
CREATE TABLE IF NOT EXISTS report_hourly
(
    account_id       LowCardinality(String),
    hour             DateTime('UTC'),
    grain            Enum8('dims' = 1, 'offer' = 2),
    list_id          UInt32,
    creative_id      UInt32,
    schedule_id      String,
    variant          String,
    carrier          LowCardinality(String),
    offer_id         String,
    sends            UInt64,
    segments         UInt64,
    cost             Decimal(18, 6),
    delivered        UInt64,
    undelivered      UInt64,
    failed           UInt64,
    total_clicks     UInt64,
    human_clicks     UInt64,
    bot_clicks       UInt64,
    preview_clicks   UInt64,
    confirmed_clicks UInt64,
    unique_clicks    UInt64,
    conversions      UInt64,
    reversals        UInt64,
    revenue          Decimal(18, 6),
    opt_outs         UInt64,
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(hour)
ORDER BY (account_id, hour, grain, list_id, creative_id, schedule_id, variant, carrier, offer_id);

-- List contacts (subscriptions) with the attributes cohort and custom-field reports group by, copied from Postgres
-- (list_contacts joined with contacts) incrementally by updated_at; the newest copy of a row wins.
CREATE TABLE IF NOT EXISTS contact_attributes
(
    account_id      LowCardinality(String),
    list_id         UInt32,
    contact_id      String,
    list_contact_id String,
    signup_date     DateTime64(3, 'UTC'),
    carrier         LowCardinality(String),
    custom_fields   Map(String, String),
    active          UInt8,
    updated_at      DateTime64(6, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (account_id, list_id, contact_id);

-- Progress of the refresher and of contact syncs (a JSON value per name); the newest row per name wins.
CREATE TABLE IF NOT EXISTS analytics_state
(
    name       String,
    value      String,
    updated_at DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;
