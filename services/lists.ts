// Sending lists (spec §6, §21): one sending number each, with its provider, brand, link domains and send rate.
// Read-only over the API; an operator creates them with `trackly create-list`. Provider credentials are stored
// only encrypted (core/crypto.ts).
import type pg from 'pg'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError, type ErrorCode } from '../core/errors.js'
import { randomAlphanumeric } from '../core/ids.js'
import { isE164Format } from '../core/phone.js'
import { NUMBER_TYPES, type SendingListView } from '../core/views/lists.js'
import { adapterFor, type RealProviderName } from '../providers/index.js'
import { PROVIDER_NAMES, type ProviderCredentials, ProviderCredentialsError } from '../providers/types.js'

export { LIST_STATUSES, NUMBER_TYPES } from '../core/views/lists.js'
export const PROVIDERS = PROVIDER_NAMES
export type NumberType = (typeof NUMBER_TYPES)[number]

/**
 * Default messages per minute by number type. Short codes: the spec's 17,000/min. Toll-free (3 MPS) and 10DLC
 * (4 MPS) are conservative carrier throughput limits for an unvetted sender; raise them per list once the
 * carrier grants more.
 */
export const DEFAULT_SEND_RATE_PER_MINUTE: Record<NumberType, number> = {
  short_code: 17_000,
  toll_free: 180,
  '10dlc': 240,
}

interface ListRow {
  id: number
  phone_number: string
  brand_name: string
  list_name: string
  provider: SendingListView['provider']
  number_type: SendingListView['number_type']
  status: string
  byoc: boolean
  shortener_domain: string | null
  click_domain: string | null
  send_rate_per_minute: number
  has_credentials: boolean
  webhook_token_encrypted: string | null
  webhook_verified_at: Date | null
  test_sent_at: Date | null
  contact_count: number
  unsubscribed_count: number
  created_at: Date
}

const SELECT_LISTS = `SELECT l.id, l.phone_number, l.brand_name, l.list_name, l.provider, l.number_type, l.status, l.byoc,
    l.shortener_domain, l.click_domain, l.send_rate_per_minute, l.credentials_encrypted IS NOT NULL AS has_credentials,
    l.webhook_token_encrypted, l.webhook_verified_at, l.test_sent_at, l.created_at,
    (SELECT count(*)::int FROM list_contacts lc WHERE lc.list_id = l.id AND lc.active) AS contact_count,
    (SELECT count(*)::int FROM list_contacts lc WHERE lc.list_id = l.id AND NOT lc.active) AS unsubscribed_count
  FROM sending_lists l`

/** What an owner's read adds: the webhook URLs, built with the list's decrypted token. */
export interface WebhookReveal {
  secretKey: string
  webhookBaseUrl: string
}

const toList = (r: ListRow, reveal: WebhookReveal | undefined): SendingListView => ({
  id: r.id,
  phone_number: r.phone_number,
  brand_name: r.brand_name,
  list_name: r.list_name,
  list_type: r.provider,
  status: r.status,
  contact_count: r.contact_count,
  unsubscribed_count: r.unsubscribed_count,
  created_at: r.created_at.toISOString(),
  provider: r.provider,
  number_type: r.number_type,
  byoc: r.byoc,
  shortener_domain: r.shortener_domain,
  click_domain: r.click_domain,
  send_rate_per_minute: r.send_rate_per_minute,
  credentials: { configured: r.has_credentials, provider: r.provider },
  webhook_verified_at: r.webhook_verified_at?.toISOString() ?? null,
  test_sent_at: r.test_sent_at?.toISOString() ?? null,
  webhooks:
    reveal && r.webhook_token_encrypted
      ? listWebhookUrls(reveal.webhookBaseUrl, {
          id: r.id,
          provider: r.provider,
          webhookToken: decryptSecret(r.webhook_token_encrypted, reveal.secretKey),
        })
      : null,
})

/** The account's lists, oldest first; deleted ones only when asked for by status. */
export async function listLists(
  pool: pg.Pool,
  accountId: string,
  status?: string,
  reveal?: WebhookReveal,
): Promise<SendingListView[]> {
  const { rows } = await pool.query<ListRow>(
    `${SELECT_LISTS}
      WHERE l.account_id = $1 AND (CASE WHEN $2::text IS NULL THEN l.status <> 'deleted' ELSE l.status = $2 END)
      ORDER BY l.id`,
    [accountId, status ?? null],
  )
  return rows.map((r) => toList(r, reveal))
}

/** A list id as the API takes it (digits), or 0, which names no list. */
export const listIdOf = (id: string): number => (/^\d{1,9}$/.test(id) ? Number(id) : 0)

export async function getList(
  pool: pg.Pool,
  accountId: string,
  id: string,
  reveal?: WebhookReveal,
): Promise<SendingListView> {
  const { rows } = await pool.query<ListRow>(
    `${SELECT_LISTS} WHERE l.id = $1 AND l.account_id = $2 AND l.status <> 'deleted'`,
    [listIdOf(id), accountId],
  )
  if (!rows[0]) throw new AppError('not_found', 'List not found')
  return toList(rows[0], reveal)
}

export interface NewSendingList {
  accountId: string
  phoneNumber: string
  provider: string
  brandName: string
  listName?: string | undefined
  numberType?: string | undefined
  shortenerDomain?: string | undefined
  clickDomain?: string | undefined
  ratePerMinute?: number | undefined
  /** Provider credentials as JSON text; encrypted with `secretKey` before it is stored. */
  credentialsJson?: string | undefined
  /**
   * Bring your own carrier: the customer's own provider account. Its messages are dropped as
   * `webhook_not_configured` until a verified webhook from that provider has reached ingest.
   */
  byoc?: boolean | undefined
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

/** A host name such as trk.ly (no scheme, port or path). */
export const isHostName = (value: string): boolean => DOMAIN.test(value)

/** What is wrong with a list's input: the field (as the API names it), a stable error code and the reason. */
export interface ListInputProblem {
  field:
    | 'phone_number'
    | 'provider'
    | 'brand_name'
    | 'number_type'
    | 'shortener_domain'
    | 'click_domain'
    | 'rate_per_minute'
    | 'credentials'
  code: ErrorCode
  reason: string
}

/** The operator CLI's flag for each field, so `trackly create-list` names what the operator typed. */
const FLAGS: Record<ListInputProblem['field'], string> = {
  phone_number: '--number',
  provider: '--provider',
  brand_name: '--brand',
  number_type: '--number-type',
  shortener_domain: '--shortener-domain',
  click_domain: '--click-domain',
  rate_per_minute: '--rate-per-minute',
  credentials: '--credentials-json',
}

const problem = (field: ListInputProblem['field'], code: ErrorCode, reason: string): ListInputProblem => ({
  field,
  code,
  reason,
})

/** Checks a list's input (API or operator); returns the first problem, or null. */
export function listInputProblem(input: NewSendingList): ListInputProblem | null {
  if (!isE164Format(input.phoneNumber)) {
    return problem('phone_number', 'invalid_phone', 'must be an E.164 number such as +18005551234')
  }
  if (!(PROVIDERS as readonly string[]).includes(input.provider)) {
    return problem('provider', 'invalid_provider', `must be one of ${PROVIDERS.join(', ')}`)
  }
  if (input.brandName.trim() === '') return problem('brand_name', 'missing_brand_name', 'must not be empty')
  if (input.numberType !== undefined && !(NUMBER_TYPES as readonly string[]).includes(input.numberType)) {
    return problem('number_type', 'invalid_number_type', `must be one of ${NUMBER_TYPES.join(', ')}`)
  }
  for (const field of ['shortener_domain', 'click_domain'] as const) {
    const domain = field === 'shortener_domain' ? input.shortenerDomain : input.clickDomain
    if (domain !== undefined && !DOMAIN.test(domain)) {
      return problem(field, `invalid_${field}`, 'must be a host name such as trk.ly')
    }
  }
  if (
    input.ratePerMinute !== undefined &&
    (!Number.isInteger(input.ratePerMinute) || input.ratePerMinute < 1)
  ) {
    return problem('rate_per_minute', 'invalid_rate', 'must be a positive integer')
  }
  if (input.credentialsJson !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(input.credentialsJson)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error()
    } catch {
      return problem('credentials', 'invalid_provider_credentials', 'must be a JSON object')
    }
    // Step one of the BYOC check (and a guard for platform lists): the credentials have what the provider needs.
    if (input.provider !== 'simulator') {
      try {
        adapterFor(input.provider as RealProviderName).checkCredentials(parsed as ProviderCredentials)
      } catch (err) {
        if (err instanceof ProviderCredentialsError) {
          return problem('credentials', 'invalid_provider_credentials', err.message)
        }
        throw err
      }
    }
  } else if (input.byoc && input.provider !== 'simulator') {
    return problem(
      'credentials',
      'missing_provider_credentials',
      'BYOC lists need the customer’s credentials',
    )
  }
  return null
}

/** Checks an operator's input; returns the first problem in words naming the CLI flag, or null. */
export function sendingListProblem(input: NewSendingList): string | null {
  const found = listInputProblem(input)
  if (!found) return null
  return found.field === 'credentials'
    ? `${FLAGS.credentials}: ${found.reason}`
    : `${FLAGS[found.field]} ${found.reason}`
}

export class SendingListInputError extends Error {
  override name = 'SendingListInputError'
  /** The API's view of the problem; absent for the operator-only ones (no such account). */
  readonly problem: ListInputProblem | undefined
  constructor(message: string, found?: ListInputProblem) {
    super(message)
    this.problem = found
  }
}

export async function createSendingList(
  pool: pg.Pool | pg.PoolClient,
  input: NewSendingList,
  secretKey: string,
): Promise<{ id: number; webhookToken: string }> {
  const found = listInputProblem(input)
  if (found) throw new SendingListInputError(sendingListProblem(input) ?? found.reason, found)
  const account = await pool.query('SELECT 1 FROM accounts WHERE id = $1', [input.accountId])
  if (account.rowCount !== 1) throw new SendingListInputError(`no account ${input.accountId}`)
  const numberType = (input.numberType ?? '10dlc') as NumberType
  try {
    const webhookToken = newWebhookToken()
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, number_type,
                                  credentials_encrypted, shortener_domain, click_domain, send_rate_per_minute,
                                  byoc, webhook_token_encrypted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        input.accountId,
        input.phoneNumber,
        input.listName ?? `${input.brandName} ${input.phoneNumber}`,
        input.brandName,
        input.provider,
        numberType,
        input.credentialsJson === undefined ? null : encryptSecret(input.credentialsJson, secretKey),
        input.shortenerDomain?.toLowerCase() ?? null,
        input.clickDomain?.toLowerCase() ?? null,
        input.ratePerMinute ?? DEFAULT_SEND_RATE_PER_MINUTE[numberType],
        input.byoc === true,
        encryptSecret(webhookToken, secretKey),
      ],
    )
    return { id: rows[0]!.id, webhookToken }
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new SendingListInputError(
        `the account already has a list for ${input.phoneNumber}`,
        problem(
          'phone_number',
          'list_number_taken',
          `the account already has a list for ${input.phoneNumber}`,
        ),
      )
    }
    throw err
  }
}

/** The URLs a list's provider (or a BYOC customer) must post delivery reports and replies to. */
export function listWebhookUrls(
  baseUrl: string,
  list: { id: number; provider: string; webhookToken: string },
): { status: string; inbound: string } {
  const root = `${baseUrl.replace(/\/$/, '')}/webhooks/${list.provider}/${list.id}`
  return {
    status: `${root}/status?token=${list.webhookToken}`,
    inbound: `${root}/inbound?token=${list.webhookToken}`,
  }
}

/** The secret in a list's provider webhook URLs. */
export const newWebhookToken = (): string => randomAlphanumeric(32)

/** Stored provider credentials in clear ({} when the list has none, as simulator lists). */
export function decryptCredentials(envelope: string | null, secretKey: string): ProviderCredentials {
  return envelope ? (JSON.parse(decryptSecret(envelope, secretKey)) as ProviderCredentials) : {}
}

/** A list's provider credentials in clear, for the provider client that sends with them. */
export async function listCredentials(
  pool: pg.Pool,
  listId: number,
  secretKey: string,
): Promise<ProviderCredentials | null> {
  const { rows } = await pool.query<{ credentials_encrypted: string | null }>(
    'SELECT credentials_encrypted FROM sending_lists WHERE id = $1',
    [listId],
  )
  const envelope = rows[0]?.credentials_encrypted
  return envelope ? decryptCredentials(envelope, secretKey) : null
}
