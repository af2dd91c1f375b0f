CREATE TABLE "audiences" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"source_lists" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"filter" jsonb NOT NULL,
	"cached_size" integer,
	"cached_size_updated_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_blocks" (
	"account_id" text NOT NULL,
	"phone_number" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_blocks_account_id_phone_number_pk" PRIMARY KEY("account_id","phone_number")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" text,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "password_resets" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_blasts" (
	"id" serial PRIMARY KEY NOT NULL,
	"schedule_id" text NOT NULL,
	"position" integer NOT NULL,
	"variant_name" text,
	"message" text NOT NULL,
	"offer_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"percent_audience" integer NOT NULL,
	"mms_image_url" text
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"name" text NOT NULL,
	"send_type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"is_repeating" boolean NOT NULL,
	"send_time" text NOT NULL,
	"send_date" text,
	"start_date" text,
	"end_date" text,
	"days_of_week" jsonb,
	"skip_within_hours" integer DEFAULT 0 NOT NULL,
	"use_local_time" boolean DEFAULT false NOT NULL,
	"is_mms" boolean DEFAULT false NOT NULL,
	"is_cto" boolean DEFAULT false NOT NULL,
	"filter_bots" boolean DEFAULT false NOT NULL,
	"ir_revenue" boolean DEFAULT false NOT NULL,
	"automated_percent" integer DEFAULT 0 NOT NULL,
	"sending_list_id" integer,
	"source_lists" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"audience_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "role" text DEFAULT 'owner' NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "state" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "is_valid" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "validation_status" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "on_dnc" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "ip_address" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "signup_url" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "consent_date" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "ad_network_source" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "ad_network_id" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "first_name" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "last_name" text;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "use_journeys" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "skip_journey_if_exists" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "in_workflow" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "unsubscribed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "last_revenue_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "short_links" ADD COLUMN "list_id" integer;--> statement-breakpoint
ALTER TABLE "short_links" ADD COLUMN "metadata" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "audiences" ADD CONSTRAINT "audiences_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_blocks" ADD CONSTRAINT "contact_blocks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_resets" ADD CONSTRAINT "password_resets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_blasts" ADD CONSTRAINT "schedule_blasts_schedule_id_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_sending_list_id_sending_lists_id_fk" FOREIGN KEY ("sending_list_id") REFERENCES "public"."sending_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audiences_account_idx" ON "audiences" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "audit_log_account_idx" ON "audit_log" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_idx" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_account_idx" ON "invitations" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "schedule_blasts_schedule_idx" ON "schedule_blasts" USING btree ("schedule_id");--> statement-breakpoint
CREATE INDEX "schedules_account_idx" ON "schedules" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "list_contacts_list_signup_idx" ON "list_contacts" USING btree ("list_id","signup_date");