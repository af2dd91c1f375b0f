-- 0019_conversion_ledger_message: after each click batch the processors ask which of the batch's messages have a
-- conversion (processors/first-clicks.ts) before reading those messages' conversions back from ClickHouse, which
-- almost none have. The ledger has an entry for every conversion written to ClickHouse; this index answers the
-- question by message id.
CREATE INDEX "conversion_ledger_message_idx" ON "conversion_ledger" USING btree ("message_id");
