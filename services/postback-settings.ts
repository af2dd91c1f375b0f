// How an account's conversion postbacks are verified (spec §11): a shared secret every postback must carry,
// stored only encrypted (core/crypto.ts), and an optional IP allow-list. Ingest re-reads both within seconds
// (ingest/postback-lookups.ts), so a rotation takes effect without a restart.
import type pg from 'pg'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { newPostbackSecret, parseAllowlist } from '../core/postback-auth.js'
import { CLICK_ID_PARAM } from '../core/tracking.js'
import type { ApiCaller } from './accounts.js'

export interface PostbackUrls {
  tune: string
  everflow: string
  cake: string
  conv_offer: string
  conv: string
  pixel: string
}

export interface PostbackSettings {
  secret_set: boolean
  /** Only for the account's owners; null otherwise or when none is set. */
  secret: string | null
  ip_allowlist: string[]
  postback_urls: PostbackUrls
}

/**
 * Ready-to-paste postback URLs: each network's own macros in the parameters ingest reads, the click id macro of
 * the parameter our redirects put it in (core/tracking CLICK_ID_PARAM). `secret` is the value, a placeholder for
 * callers who may not see it, or null when the account has none.
 */
export function postbackUrls(baseUrl: string, secret: string | null): PostbackUrls {
  const base = baseUrl.replace(/\/+$/, '')
  const withSecret = (url: string, name = 'postback_secret') =>
    secret === null ? url : `${url}&${name}=${secret}`
  return {
    tune: withSecret(
      `${base}/api/postbacks/tune?click_id={${CLICK_ID_PARAM.tune}}&payout={payout}&conversion_id={transaction_id}&offer_id={offer_id}`,
    ),
    everflow: withSecret(
      `${base}/api/postbacks/everflow?click_id={${CLICK_ID_PARAM.everflow}}&payout={payout_amount}&transaction_id={transaction_id}&offer_id={offer_id}&event={event_name}`,
    ),
    cake: withSecret(
      `${base}/api/postbacks/cake?cid=#${CLICK_ID_PARAM.cake}#&lead=#leadid#&payout=#price#&offer=#oid#`,
    ),
    conv_offer: withSecret(
      `${base}/conv/offer?offer_id={offer_id}&message_id={message_id}&revenue={revenue}&txn_id={txn_id}`,
    ),
    conv: withSecret(`${base}/conv?link_id={link_id}&revenue={revenue}&txn_id={txn_id}`),
    pixel: withSecret(`${base}/pixel/{link_id}.gif?revenue={revenue}&txn_id={txn_id}`, 'secret'),
  }
}

const SECRET_PLACEHOLDER = '{postback_secret}'

export async function getPostbackSettings(
  pool: pg.Pool,
  secretKey: string,
  baseUrl: string,
  caller: Pick<ApiCaller, 'accountId' | 'role'>,
): Promise<PostbackSettings> {
  const { rows } = await pool.query<{ postback_secret_enc: string | null; postback_ip_allowlist: string[] }>(
    'SELECT postback_secret_enc, postback_ip_allowlist FROM accounts WHERE id = $1',
    [caller.accountId],
  )
  const row = rows[0]
  if (!row) throw new AppError('not_found', 'Account not found')
  const secretSet = row.postback_secret_enc !== null
  const secret =
    secretSet && caller.role === 'owner' ? decryptSecret(row.postback_secret_enc!, secretKey) : null
  return {
    secret_set: secretSet,
    secret,
    ip_allowlist: row.postback_ip_allowlist,
    postback_urls: postbackUrls(baseUrl, secretSet ? (secret ?? SECRET_PLACEHOLDER) : null),
  }
}

/** A new secret replaces the old one at once; the plaintext is returned to show once. */
export async function rotatePostbackSecret(
  pool: pg.Pool,
  secretKey: string,
  accountId: string,
): Promise<string> {
  const secret = newPostbackSecret()
  const { rowCount } = await pool.query(
    'UPDATE accounts SET postback_secret_enc = $2, updated_at = now() WHERE id = $1',
    [accountId, encryptSecret(secret, secretKey)],
  )
  if (!rowCount) throw new AppError('not_found', 'Account not found')
  return secret
}

/** Postbacks no longer need a secret. Returns whether one was set. */
export async function clearPostbackSecret(pool: pg.Pool, accountId: string): Promise<boolean> {
  const { rows } = await pool.query<{ had: boolean }>(
    `UPDATE accounts a SET postback_secret_enc = NULL, updated_at = now()
       FROM (SELECT id, postback_secret_enc IS NOT NULL AS had FROM accounts WHERE id = $1 FOR UPDATE) old
      WHERE a.id = old.id
     RETURNING old.had`,
    [accountId],
  )
  if (!rows[0]) throw new AppError('not_found', 'Account not found')
  return rows[0].had
}

/** Replaces the allow-list with the validated, canonical entries (empty: postbacks from any address). */
export async function setPostbackAllowlist(
  pool: pg.Pool,
  accountId: string,
  entries: readonly string[],
): Promise<string[]> {
  const parsed = parseAllowlist(entries)
  if (!parsed.ok) throw new AppError('invalid_ip_allowlist', parsed.error)
  const { rowCount } = await pool.query(
    'UPDATE accounts SET postback_ip_allowlist = $2::text[], updated_at = now() WHERE id = $1',
    [accountId, parsed.value],
  )
  if (!rowCount) throw new AppError('not_found', 'Account not found')
  return parsed.value
}
