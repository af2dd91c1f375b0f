-- 0016_consent_evidence: the opt-in keyword or form a contact used to join a list (issue 16, spec §19 opt-in
-- channels), kept beside the other consent evidence (signup method and date, IP address, URL, consent date) so a
-- complaint can be answered with everything at once. Settable by the API and the CSV import.
ALTER TABLE "list_contacts" ADD COLUMN "opt_in_keyword" text;
--> statement-breakpoint
ALTER TABLE "list_contacts" ADD COLUMN "opt_in_form" text;
