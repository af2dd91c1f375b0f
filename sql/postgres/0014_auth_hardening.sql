-- 0014_auth_hardening: placeholder until its change lands; a migration with no change runs this no-op.
SELECT 1;
