-- 0022_memberships_without_foreign_keys (issue 15): the bulk API and the CSV import write a contact and a list
-- membership per recipient, thousands a second, and each row's key checks took a share lock on the same account
-- and list rows, contended by every concurrent writer, and looked up its contact — as messages and short_links
-- did before 0008. The ids are written only by services that have just read or upserted those rows in the same
-- transaction, and accounts, lists and contacts are never hard-deleted.
ALTER TABLE "contacts" DROP CONSTRAINT IF EXISTS "contacts_account_id_accounts_id_fk";
ALTER TABLE "list_contacts" DROP CONSTRAINT IF EXISTS "list_contacts_account_id_accounts_id_fk";
ALTER TABLE "list_contacts" DROP CONSTRAINT IF EXISTS "list_contacts_list_id_sending_lists_id_fk";
ALTER TABLE "list_contacts" DROP CONSTRAINT IF EXISTS "list_contacts_contact_id_contacts_id_fk";
