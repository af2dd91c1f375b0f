-- 0012_contacts_per_account: placeholder until its change lands; a migration with no change runs this no-op.
SELECT 1;
