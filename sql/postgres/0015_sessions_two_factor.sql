-- 0015_sessions_two_factor: dashboard sign-in (issue 14). Sessions themselves live in Redis; Postgres keeps what
-- outlives them: a user's display name, the TOTP secret (encrypted with the platform key, core/crypto) and the last
-- time step a code was accepted for (a code works once), the ten recovery codes (SHA-256, each single use), the
-- addresses a user has signed in from (hashed; a new one gets a sign-in notice) and an account's 2FA requirement.
ALTER TABLE "users" ADD COLUMN "name" text;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_enc" text;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_pending_enc" text;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "require_two_factor" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
CREATE TABLE "user_recovery_codes" (
	"user_id" text NOT NULL REFERENCES "users"("id"),
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("user_id", "code_hash")
);
--> statement-breakpoint
CREATE TABLE "user_sign_in_addresses" (
	"user_id" text NOT NULL REFERENCES "users"("id"),
	"address_hash" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("user_id", "address_hash")
);
