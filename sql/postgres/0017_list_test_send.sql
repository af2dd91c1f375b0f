-- 0017_list_test_send: when a list's last test send through its own provider succeeded (issue 16, spec §21 BYOC
-- "send test", the middle of credentials test → send test → webhook reply; POST /lists/:id/test-send). The
-- webhook reply is webhook_verified_at, set by the first verified provider webhook.
ALTER TABLE "sending_lists" ADD COLUMN "test_sent_at" timestamp with time zone;
