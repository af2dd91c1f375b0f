CREATE TABLE "creative_selections" (
	"message_id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"creative_id" integer NOT NULL,
	"offer_id" text,
	"mode" text NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"score" numeric(18, 8),
	"candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creative_stats" (
	"account_id" text NOT NULL,
	"creative_id" integer NOT NULL,
	"feature" text NOT NULL,
	"value" text NOT NULL,
	"sends" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" bigint DEFAULT 0 NOT NULL,
	"revenue" numeric(16, 4) DEFAULT '0' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "creative_stats_account_id_creative_id_feature_value_pk" PRIMARY KEY("account_id","creative_id","feature","value")
);
--> statement-breakpoint
CREATE TABLE "journey_enrollments" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"list_id" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"step_index" integer DEFAULT 0 NOT NULL,
	"step_seq" integer DEFAULT 0 NOT NULL,
	"next_run_at" timestamp with time zone,
	"end_reason" text,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journey_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"enrollment_id" text NOT NULL,
	"step_seq" integer NOT NULL,
	"step_index" integer NOT NULL,
	"step_type" text NOT NULL,
	"outcome" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"trigger" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"schedule_id" text NOT NULL,
	"occurrence" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"done_zones" text[] DEFAULT '{}'::text[] NOT NULL,
	"pass_zones" text[] DEFAULT '{}'::text[] NOT NULL,
	"cursor" text,
	"targeted" integer DEFAULT 0 NOT NULL,
	"queued" integer DEFAULT 0 NOT NULL,
	"deferred" integer DEFAULT 0 NOT NULL,
	"excluded" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"variants" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "schedule_occurrence" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "journey_enrollment_id" text;--> statement-breakpoint
CREATE INDEX "creative_selections_account_idx" ON "creative_selections" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "journey_enrollments_journey_contact_idx" ON "journey_enrollments" USING btree ("journey_id","contact_id");--> statement-breakpoint
CREATE INDEX "journey_enrollments_contact_idx" ON "journey_enrollments" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "journey_enrollments_due_idx" ON "journey_enrollments" USING btree ("next_run_at") WHERE "journey_enrollments"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "journey_events_enrollment_seq_idx" ON "journey_events" USING btree ("enrollment_id","step_seq");--> statement-breakpoint
CREATE INDEX "journeys_account_idx" ON "journeys" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_runs_occurrence_idx" ON "schedule_runs" USING btree ("schedule_id","occurrence");--> statement-breakpoint
CREATE INDEX "schedule_runs_status_idx" ON "schedule_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "messages_contact_created_idx" ON "messages" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_schedule_occurrence_contact_idx" ON "messages" USING btree ("schedule_id","schedule_occurrence","contact_id") WHERE "messages"."schedule_occurrence" IS NOT NULL;