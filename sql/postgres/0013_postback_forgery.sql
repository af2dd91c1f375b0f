-- 0013_postback_forgery: placeholder until its change lands; a migration with no change runs this no-op.
SELECT 1;
