-- 0020_send_outbox (issue 15): which send events still have to reach Kafka moves from a column of messages to a
-- narrow table. Dispatch marked each published event by updating its messages row, and since that column was in
-- the predicate of messages_unpublished_idx the update was never in place: each published send cost a new version
-- of the wide row and an entry in every one of its indexes. Now the statement that marks a message sent adds its
-- row here and publishing deletes it. Events not yet published at the upgrade move to the table first.
CREATE TABLE "send_outbox" (
	"message_id" text PRIMARY KEY NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
INSERT INTO "send_outbox" ("message_id", "sent_at")
  SELECT "id", "sent_at" FROM "messages" WHERE "sent_at" IS NOT NULL AND "send_event_published_at" IS NULL;--> statement-breakpoint
DROP INDEX "messages_unpublished_idx";--> statement-breakpoint
ALTER TABLE "messages" DROP COLUMN "send_event_published_at";
