CREATE TABLE "consumer_watermarks" (
	"step" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"applied_through" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_watermarks_step_topic_partition_pk" PRIMARY KEY("step","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "conversion_ledger" (
	"event_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"message_id" text NOT NULL,
	"click_id" text NOT NULL,
	"amount" numeric(14, 4) NOT NULL,
	"postings" integer DEFAULT 1 NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "bot_filter_mode" text DEFAULT 'no_filter' NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "postback_secret_enc" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "postback_ip_allowlist" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "imported" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "bot_filter_mode" text;--> statement-breakpoint
CREATE INDEX "conversion_ledger_account_idx" ON "conversion_ledger" USING btree ("account_id");