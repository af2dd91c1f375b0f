// How an account's conversion postbacks are verified (spec §11): a shared secret every postback must carry
// (generated with the account, stored only encrypted by core/crypto.ts; an owner may explicitly allow postbacks
// without it) and an optional IP allow-list. Ingest re-reads them within seconds (ingest/postback-lookups.ts), so
// a change takes effect without a restart. Every change is audited.
import type pg from 'pg'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { newPostbackSecret, parseAllowlist } from '../core/postback-auth.js'
import { CLICK_ID_PARAM } from '../core/tracking.js'
import { withTransaction } from '../lib/postgres.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'

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
  /** Whether postbacks without a secret are accepted (the owner's explicit choice; off by default). */
  allow_unsigned: boolean
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
  const { rows } = await pool.query<{
    postback_secret_enc: string | null
    postback_ip_allowlist: string[]
    postback_allow_unsigned: boolean
  }>(
    'SELECT postback_secret_enc, postback_ip_allowlist, postback_allow_unsigned FROM accounts WHERE id = $1',
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
    allow_unsigned: row.postback_allow_unsigned,
    ip_allowlist: row.postback_ip_allowlist,
    postback_urls: postbackUrls(baseUrl, secretSet ? (secret ?? SECRET_PLACEHOLDER) : null),
  }
}

type Caller = Pick<ApiCaller, 'accountId' | 'keyId' | 'userId'>

/** A new secret replaces the old one at once; the plaintext is returned to show once. Audited. */
export async function rotatePostbackSecret(
  pool: pg.Pool,
  secretKey: string,
  caller: Caller,
): Promise<string> {
  const secret = newPostbackSecret()
  await withTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      'UPDATE accounts SET postback_secret_enc = $2, updated_at = now() WHERE id = $1',
      [caller.accountId, encryptSecret(secret, secretKey)],
    )
    if (!rowCount) throw new AppError('not_found', 'Account not found')
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'postback.secret_rotated',
      target: caller.accountId,
    })
  })
  return secret
}

/**
 * Whether postbacks without a secret are accepted (off by default; a wrong secret is refused either way). Only an
 * owner's explicit choice turns it on. Audited with the value before and after.
 */
export async function setAllowUnsigned(pool: pg.Pool, caller: Caller, allow: boolean): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ previous: boolean }>(
      'SELECT postback_allow_unsigned AS previous FROM accounts WHERE id = $1 FOR UPDATE',
      [caller.accountId],
    )
    if (!rows[0]) throw new AppError('not_found', 'Account not found')
    await client.query('UPDATE accounts SET postback_allow_unsigned = $2, updated_at = now() WHERE id = $1', [
      caller.accountId,
      allow,
    ])
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'postback.allow_unsigned_changed',
      target: caller.accountId,
      detail: { from: rows[0].previous, to: allow },
    })
    return allow
  })
}

/** Replaces the allow-list with the validated, canonical entries (empty: postbacks from any address). Audited. */
export async function setPostbackAllowlist(
  pool: pg.Pool,
  caller: Caller,
  entries: readonly string[],
): Promise<string[]> {
  const parsed = parseAllowlist(entries)
  if (!parsed.ok) throw new AppError('invalid_ip_allowlist', parsed.error)
  return withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ previous: string[] }>(
      'SELECT postback_ip_allowlist AS previous FROM accounts WHERE id = $1 FOR UPDATE',
      [caller.accountId],
    )
    if (!rows[0]) throw new AppError('not_found', 'Account not found')
    await client.query(
      'UPDATE accounts SET postback_ip_allowlist = $2::text[], updated_at = now() WHERE id = $1',
      [caller.accountId, parsed.value],
    )
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'postback.allowlist_changed',
      target: caller.accountId,
      detail: { from: rows[0].previous, to: parsed.value },
    })
    return parsed.value
  })
}
