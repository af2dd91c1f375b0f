-- 0021_list_contacts_account_index (issue 15): every membership written (a bulk send's recipients, a CSV import's
-- rows) and every update that is not HOT wrote an entry in list_contacts_account_idx (account_id), which indexes
-- nothing the two (account_id, signup_date) and (account_id, updated_at) indexes do not already lead with.
DROP INDEX IF EXISTS "list_contacts_account_idx";
