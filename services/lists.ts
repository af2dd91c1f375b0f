// Sending lists (spec §6, §21): one sending number each, with its provider, brand, link domains and send rate.
// Read-only over the API; an operator creates them with `trackly create-list`. Provider credentials are stored
// only encrypted (core/crypto.ts).
import type pg from 'pg'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { randomAlphanumeric } from '../core/ids.js'
import { isE164Format } from '../core/phone.js'
import type { SendingListView } from '../core/views/lists.js'
import { adapterFor, type RealProviderName } from '../providers/index.js'
import { PROVIDER_NAMES, type ProviderCredentials, ProviderCredentialsError } from '../providers/types.js'

export const LIST_STATUSES = ['active', 'paused', 'suspended', 'deleted'] as const
export const PROVIDERS = PROVIDER_NAMES
export const NUMBER_TYPES = ['10dlc', 'short_code', 'toll_free'] as const
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
  provider: string
  status: string
  contact_count: number
  created_at: Date
}

const SELECT_LISTS = `SELECT l.id, l.phone_number, l.brand_name, l.list_name, l.provider, l.status, l.created_at,
    (SELECT count(*)::int FROM list_contacts lc WHERE lc.list_id = l.id AND lc.active) AS contact_count
  FROM sending_lists l`

const toList = (r: ListRow): SendingListView => ({
  id: r.id,
  phone_number: r.phone_number,
  brand_name: r.brand_name,
  list_name: r.list_name,
  list_type: r.provider,
  status: r.status,
  contact_count: r.contact_count,
  created_at: r.created_at.toISOString(),
})

/** The account's lists, oldest first; deleted ones only when asked for by status. */
export async function listLists(
  pool: pg.Pool,
  accountId: string,
  status?: string,
): Promise<SendingListView[]> {
  const { rows } = await pool.query<ListRow>(
    `${SELECT_LISTS}
      WHERE l.account_id = $1 AND (CASE WHEN $2::text IS NULL THEN l.status <> 'deleted' ELSE l.status = $2 END)
      ORDER BY l.id`,
    [accountId, status ?? null],
  )
  return rows.map(toList)
}

export async function getList(pool: pg.Pool, accountId: string, id: string): Promise<SendingListView> {
  const n = /^\d{1,9}$/.test(id) ? Number(id) : 0
  const { rows } = await pool.query<ListRow>(
    `${SELECT_LISTS} WHERE l.id = $1 AND l.account_id = $2 AND l.status <> 'deleted'`,
    [n, accountId],
  )
  if (!rows[0]) throw new AppError('not_found', 'List not found')
  return toList(rows[0])
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

/** Checks an operator's input; returns the first problem in words, or null. */
export function sendingListProblem(input: NewSendingList): string | null {
  if (!isE164Format(input.phoneNumber)) return '--number must be an E.164 number such as +18005551234'
  if (!(PROVIDERS as readonly string[]).includes(input.provider)) {
    return `--provider must be one of ${PROVIDERS.join(', ')}`
  }
  if (input.brandName.trim() === '') return '--brand must not be empty'
  if (input.numberType !== undefined && !(NUMBER_TYPES as readonly string[]).includes(input.numberType)) {
    return `--number-type must be one of ${NUMBER_TYPES.join(', ')}`
  }
  for (const [flag, domain] of [
    ['--shortener-domain', input.shortenerDomain],
    ['--click-domain', input.clickDomain],
  ] as const) {
    if (domain !== undefined && !DOMAIN.test(domain)) return `${flag} must be a host name such as trk.ly`
  }
  if (
    input.ratePerMinute !== undefined &&
    (!Number.isInteger(input.ratePerMinute) || input.ratePerMinute < 1)
  ) {
    return '--rate-per-minute must be a positive integer'
  }
  if (input.credentialsJson !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(input.credentialsJson)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error()
    } catch {
      return '--credentials-json must be a JSON object'
    }
    // Step one of the BYOC check (and a guard for platform lists): the credentials have what the provider needs.
    if (input.provider !== 'simulator') {
      try {
        adapterFor(input.provider as RealProviderName).checkCredentials(parsed as ProviderCredentials)
      } catch (err) {
        if (err instanceof ProviderCredentialsError) return `--credentials-json: ${err.message}`
        throw err
      }
    }
  } else if (input.byoc && input.provider !== 'simulator') {
    return '--byoc lists need the customer’s --credentials-json'
  }
  return null
}

export class SendingListInputError extends Error {
  override name = 'SendingListInputError'
}

export async function createSendingList(
  pool: pg.Pool,
  input: NewSendingList,
  secretKey: string,
): Promise<{ id: number; webhookToken: string }> {
  const problem = sendingListProblem(input)
  if (problem) throw new SendingListInputError(problem)
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
      throw new SendingListInputError(`the account already has a list for ${input.phoneNumber}`)
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
