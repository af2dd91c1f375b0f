DROP INDEX "messages_duplicate_guard_idx";--> statement-breakpoint
CREATE INDEX "messages_content_hash_idx" ON "messages" USING btree ("content_hash","created_at");