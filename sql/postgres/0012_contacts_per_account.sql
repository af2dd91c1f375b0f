-- 0012_contacts_per_account: a contact record per account and number (issue 12, cross-tenant effects). A row
-- that several accounts shared is split: the account that knew the number first keeps its id, every other account
-- gets a new record (same facts) and its rows are repointed to it. Set-based throughout: one pass per table.
CREATE TABLE "phone_lookups" (
	"phone_number" text PRIMARY KEY NOT NULL,
	"carrier" text,
	"line_type" text,
	"validation_status" text,
	"on_dnc" boolean,
	"looked_up_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "account_id" text;
--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_phone_number_unique";
--> statement-breakpoint
-- Every (contact, account) pair that an account's rows hold, and the record id that pair gets.
CREATE TABLE "contact_account_split" AS
WITH "pairs" AS (
	SELECT "contact_id", "account_id", min("created_at") AS "seen" FROM "list_contacts" GROUP BY 1, 2
	UNION ALL SELECT "contact_id", "account_id", min("created_at") FROM "messages" GROUP BY 1, 2
	UNION ALL SELECT "contact_id", "account_id", min("enrolled_at") FROM "journey_enrollments" GROUP BY 1, 2
	UNION ALL SELECT "contact_id", "account_id", min("clicked_at") FROM "message_clicks" GROUP BY 1, 2
	UNION ALL SELECT "contact_id", "account_id", min("created_at") FROM "short_links" WHERE "contact_id" IS NOT NULL GROUP BY 1, 2
	UNION ALL SELECT "contact_id", "account_id", min("created_at") FROM "inbound_messages" WHERE "contact_id" IS NOT NULL GROUP BY 1, 2
), "firsts" AS (
	SELECT p."contact_id", p."account_id", min(p."seen") AS "seen"
	FROM "pairs" p JOIN "contacts" c ON c."id" = p."contact_id"
	GROUP BY 1, 2
)
SELECT "contact_id" AS "old_id", "account_id",
	count(*) OVER (PARTITION BY "contact_id") > 1 AS "shared",
	CASE WHEN row_number() OVER (PARTITION BY "contact_id" ORDER BY "seen", "account_id") = 1 THEN "contact_id"
		ELSE lpad(to_hex(extract(epoch FROM now())::bigint), 8, '0') || substr(md5("contact_id" || '|' || "account_id"), 1, 16)
	END AS "new_id"
FROM "firsts";
--> statement-breakpoint
CREATE UNIQUE INDEX "contact_account_split_idx" ON "contact_account_split" ("old_id", "account_id");
--> statement-breakpoint
UPDATE "contacts" c SET "account_id" = s."account_id"
FROM "contact_account_split" s WHERE s."old_id" = c."id" AND s."new_id" = c."id";
--> statement-breakpoint
INSERT INTO "contacts" ("id", "account_id", "phone_number", "carrier", "line_type", "timezone", "state", "is_valid",
	"validation_status", "on_dnc", "created_at")
SELECT s."new_id", s."account_id", c."phone_number", c."carrier", c."line_type", c."timezone", c."state", c."is_valid",
	c."validation_status", c."on_dnc", c."created_at"
FROM "contact_account_split" s JOIN "contacts" c ON c."id" = s."old_id"
WHERE s."new_id" <> s."old_id";
--> statement-breakpoint
-- A provider's "invalid number" answer belongs to the account whose send got it (dispatch fails that message as
-- invalid_phone): on a shared number, only accounts with such a failure keep the mark.
UPDATE "contacts" c SET "is_valid" = true,
	"validation_status" = CASE WHEN c."validation_status" = 'invalid' THEN NULL ELSE c."validation_status" END
FROM "contact_account_split" s
WHERE c."id" = s."new_id" AND s."shared" AND NOT c."is_valid"
	AND EXISTS (SELECT 1 FROM "messages" m WHERE m."contact_id" = s."old_id" AND m."status_detail" = 'invalid_phone')
	AND NOT EXISTS (SELECT 1 FROM "messages" m WHERE m."contact_id" = s."old_id" AND m."account_id" = s."account_id"
		AND m."status_detail" = 'invalid_phone');
--> statement-breakpoint
UPDATE "list_contacts" t SET "contact_id" = s."new_id", "updated_at" = now()
FROM "contact_account_split" s
WHERE t."contact_id" = s."old_id" AND t."account_id" = s."account_id" AND s."new_id" <> s."old_id";
--> statement-breakpoint
UPDATE "messages" t SET "contact_id" = s."new_id"
FROM "contact_account_split" s
WHERE t."contact_id" = s."old_id" AND t."account_id" = s."account_id" AND s."new_id" <> s."old_id";
--> statement-breakpoint
UPDATE "journey_enrollments" t SET "contact_id" = s."new_id"
FROM "contact_account_split" s
WHERE t."contact_id" = s."old_id" AND t."account_id" = s."account_id" AND s."new_id" <> s."old_id";
--> statement-breakpoint
UPDATE "message_clicks" t SET "contact_id" = s."new_id"
FROM "contact_account_split" s
WHERE t."contact_id" = s."old_id" AND t."account_id" = s."account_id" AND s."new_id" <> s."old_id";
--> statement-breakpoint
UPDATE "short_links" t SET "contact_id" = s."new_id"
FROM "contact_account_split" s
WHERE t."contact_id" = s."old_id" AND t."account_id" = s."account_id" AND s."new_id" <> s."old_id";
--> statement-breakpoint
UPDATE "inbound_messages" t SET "contact_id" = s."new_id"
FROM "contact_account_split" s
WHERE t."contact_id" = s."old_id" AND t."account_id" = s."account_id" AND s."new_id" <> s."old_id";
--> statement-breakpoint
-- A campaign run in progress pages by contact id: its cursor means nothing among new ids, so the pass restarts
-- (contacts it already messaged are skipped by the one-message-per-occurrence check).
UPDATE "schedule_runs" SET "cursor" = NULL
WHERE "status" = 'running' AND "cursor" IS NOT NULL
	AND "account_id" IN (SELECT "account_id" FROM "contact_account_split" WHERE "new_id" <> "old_id");
--> statement-breakpoint
-- A record no account's row refers to belongs to no one.
DELETE FROM "contacts" WHERE "account_id" IS NULL;
--> statement-breakpoint
DROP TABLE "contact_account_split";
--> statement-breakpoint
ALTER TABLE "contacts" ALTER COLUMN "account_id" SET NOT NULL;
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_account_phone_idx" ON "contacts" USING btree ("account_id","phone_number");
--> statement-breakpoint
-- What an account reads about its contacts: its own facts, and the trusted lookup's where it has none of its own.
CREATE VIEW "contact_facts" AS
SELECT c."id", c."account_id", c."phone_number", c."timezone", c."state", c."created_at",
	COALESCE(c."carrier", pl."carrier") AS "carrier",
	COALESCE(NULLIF(c."line_type", 'unknown'), pl."line_type", c."line_type") AS "line_type",
	COALESCE(c."validation_status", pl."validation_status") AS "validation_status",
	(c."is_valid" AND COALESCE(c."validation_status", pl."validation_status") IS DISTINCT FROM 'invalid') AS "is_valid",
	(c."on_dnc" OR COALESCE(pl."on_dnc", false)) AS "on_dnc"
FROM "contacts" c LEFT JOIN "phone_lookups" pl ON pl."phone_number" = c."phone_number";
--> statement-breakpoint
-- History import stores every send under a new id, known to the account by its record's id: an id another account
-- holds is then answered exactly like one nobody holds.
ALTER TABLE "messages" ADD COLUMN "import_id" text;
--> statement-breakpoint
CREATE UNIQUE INDEX "messages_account_import_idx" ON "messages" USING btree ("account_id","import_id") WHERE "messages"."import_id" IS NOT NULL;
--> statement-breakpoint
ANALYZE "contacts";
