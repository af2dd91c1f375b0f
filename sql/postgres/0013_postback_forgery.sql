-- 0013_postback_forgery: postbacks without the account's secret are refused unless an owner explicitly allows
-- them (issue 12, forged revenue). Existing accounts without a secret get one from the platform on its next start
-- (lib/postback-secrets.ts): a secret is stored encrypted with the platform key, which SQL does not hold. Until
-- then nothing can match it, so such an account's postbacks are refused, never accepted unsigned.
ALTER TABLE "accounts" ADD COLUMN "postback_allow_unsigned" boolean DEFAULT false NOT NULL;
