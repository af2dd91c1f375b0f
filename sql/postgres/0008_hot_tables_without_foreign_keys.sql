ALTER TABLE "messages" DROP CONSTRAINT "messages_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_list_id_sending_lists_id_fk";
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_contact_id_contacts_id_fk";
--> statement-breakpoint
ALTER TABLE "short_links" DROP CONSTRAINT "short_links_account_id_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "short_links" DROP CONSTRAINT "short_links_message_id_messages_id_fk";
--> statement-breakpoint
ALTER TABLE "short_links" DROP CONSTRAINT "short_links_offer_id_offers_id_fk";
