// Owners create and edit their sending lists (issue 16; spec §6, §21). The input is checked as the operator CLI
// checks it (services/lists.ts), provider credentials are tried with the provider before anything is saved, and
// they are stored only encrypted. Health figures per list come from ClickHouse (analytics/list-health.ts).
import type pg from 'pg'
import type { ClickHouse } from '../analytics/clickhouse.js'
import { listHealthFigures } from '../analytics/list-health.js'
import type { Config } from '../core/config.js'
import { encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import type { CreateListBody, ListHealthView, SendingListView, UpdateListBody } from '../core/views/lists.js'
import { withTransaction } from '../lib/postgres.js'
import { checkWebhookUrl } from '../lib/safe-fetch.js'
import { adapterFor, type RealProviderName } from '../providers/index.js'
import type { ProviderCredentials } from '../providers/types.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'
import {
  createSendingList,
  getList,
  type ListInputProblem,
  listIdOf,
  listInputProblem,
  type NewSendingList,
  newWebhookToken,
  SendingListInputError,
  type WebhookReveal,
} from './lists.js'

export type ListAdminConfig = Pick<
  Config,
  'secretKey' | 'publicWebhookBaseUrl' | 'webhookAllowPrivateNetworks'
>

/** How long a provider has to answer the credentials check. */
const CHECK_TIMEOUT_MS = 8_000

export const revealFor = (config: ListAdminConfig): WebhookReveal => ({
  secretKey: config.secretKey,
  webhookBaseUrl: config.publicWebhookBaseUrl,
})

const inputError = (p: ListInputProblem): AppError =>
  new AppError(p.code, p.field === 'credentials' ? `credentials: ${p.reason}` : `${p.field} ${p.reason}`)

/**
 * A domain field as given: null or empty clears it (the API's validator coerces a JSON null to '' for a
 * string-or-null field), undefined leaves it as it is.
 */
const domainOf = (value: string | null | undefined): string | null | undefined =>
  value === '' ? null : value

const needsCredentials = (provider: string): AppError =>
  new AppError('missing_provider_credentials', `credentials are required for a ${provider} list`)

/**
 * Tries the credentials with the provider (step one of the BYOC check). A `base_url` an owner typed is a URL the
 * server will call with those credentials, so it must pass the same address policy as customer webhooks.
 */
async function verifyCredentials(
  provider: string,
  credentials: ProviderCredentials,
  config: ListAdminConfig,
): Promise<void> {
  if (provider === 'simulator') return
  const refuse = (reason: string) => new AppError('invalid_provider_credentials', `credentials: ${reason}`)
  if (typeof credentials.base_url === 'string' && credentials.base_url !== '') {
    const url = await checkWebhookUrl(credentials.base_url, {
      allowPrivateNetworks: config.webhookAllowPrivateNetworks,
    })
    if (!url.ok) throw refuse(`base_url ${url.reason}`)
  }
  const check = await adapterFor(provider as RealProviderName).validateCredentials(credentials, {
    timeoutMs: CHECK_TIMEOUT_MS,
  })
  if (!check.ok) throw refuse(check.reason)
}

async function numberTaken(
  pool: pg.Pool,
  accountId: string,
  phoneNumber: string,
  exceptId = 0,
): Promise<void> {
  const { rowCount } = await pool.query(
    'SELECT 1 FROM sending_lists WHERE account_id = $1 AND phone_number = $2 AND id <> $3',
    [accountId, phoneNumber, exceptId],
  )
  if (rowCount) {
    throw new AppError('list_number_taken', `the account already has a list for ${phoneNumber}`)
  }
}

export async function createAccountList(
  pool: pg.Pool,
  caller: ApiCaller,
  body: CreateListBody,
  config: ListAdminConfig,
): Promise<SendingListView> {
  if (body.provider !== 'simulator' && body.credentials === undefined) throw needsCredentials(body.provider)
  const input: NewSendingList = {
    accountId: caller.accountId,
    phoneNumber: body.phone_number,
    provider: body.provider,
    brandName: body.brand_name,
    listName: body.list_name,
    numberType: body.number_type,
    shortenerDomain: domainOf(body.shortener_domain) ?? undefined,
    clickDomain: domainOf(body.click_domain) ?? undefined,
    ratePerMinute: body.rate_per_minute,
    credentialsJson: body.credentials === undefined ? undefined : JSON.stringify(body.credentials),
    byoc: body.byoc,
  }
  const found = listInputProblem(input)
  if (found) throw inputError(found)
  await numberTaken(pool, caller.accountId, body.phone_number)
  await verifyCredentials(body.provider, body.credentials ?? {}, config)
  const id = await withTransaction(pool, async (client) => {
    const created = await createSendingList(client, input, config.secretKey).catch((err: unknown) => {
      if (err instanceof SendingListInputError && err.problem) throw inputError(err.problem)
      throw err
    })
    await writeAudit(client, {
      accountId: caller.accountId,
      actor: actorOf(caller),
      action: 'list.created',
      target: String(created.id),
      detail: {
        phone_number: body.phone_number,
        provider: body.provider,
        byoc: body.byoc === true,
        credentials: body.credentials !== undefined,
      },
    })
    return created.id
  })
  return getList(pool, caller.accountId, String(id), revealFor(config))
}

interface StoredList {
  id: number
  phone_number: string
  provider: string
  brand_name: string
  number_type: string
  byoc: boolean
  status: string
  has_credentials: boolean
  has_token: boolean
}

/** Column of each editable field (credentials and the webhook state are handled apart). */
const COLUMNS = {
  phone_number: 'phone_number',
  number_type: 'number_type',
  provider: 'provider',
  byoc: 'byoc',
  brand_name: 'brand_name',
  list_name: 'list_name',
  shortener_domain: 'shortener_domain',
  click_domain: 'click_domain',
  rate_per_minute: 'send_rate_per_minute',
  status: 'status',
} as const satisfies Partial<Record<keyof UpdateListBody, string>>

export async function updateAccountList(
  pool: pg.Pool,
  caller: ApiCaller,
  id: string,
  body: UpdateListBody,
  config: ListAdminConfig,
): Promise<SendingListView> {
  const { rows } = await pool.query<StoredList>(
    `SELECT id, phone_number, provider, brand_name, number_type, byoc, status,
            credentials_encrypted IS NOT NULL AS has_credentials, webhook_token_encrypted IS NOT NULL AS has_token
       FROM sending_lists WHERE id = $1 AND account_id = $2 AND status <> 'deleted'`,
    [listIdOf(id), caller.accountId],
  )
  const list = rows[0]
  if (!list) throw new AppError('not_found', 'List not found')
  if (list.status === 'suspended' && body.status !== undefined) {
    throw new AppError('invalid_status', 'A suspended list is reactivated by support only')
  }
  const provider = body.provider ?? list.provider
  const providerChanged = provider !== list.provider
  // Credentials belong to one provider: a new real provider needs its own, and simulator lists keep none of them.
  if (
    provider !== 'simulator' &&
    body.credentials === undefined &&
    (providerChanged || !list.has_credentials)
  ) {
    throw needsCredentials(provider)
  }
  const found = listInputProblem({
    accountId: caller.accountId,
    phoneNumber: body.phone_number ?? list.phone_number,
    provider,
    brandName: body.brand_name ?? list.brand_name,
    numberType: body.number_type ?? list.number_type,
    shortenerDomain: domainOf(body.shortener_domain) ?? undefined,
    clickDomain: domainOf(body.click_domain) ?? undefined,
    ratePerMinute: body.rate_per_minute,
    credentialsJson: body.credentials === undefined ? undefined : JSON.stringify(body.credentials),
  })
  if (found) throw inputError(found)
  if (body.phone_number !== undefined) await numberTaken(pool, caller.accountId, body.phone_number, list.id)
  if (body.credentials !== undefined) await verifyCredentials(provider, body.credentials, config)

  const sets: string[] = []
  const values: unknown[] = [list.id, caller.accountId]
  const set = (column: string, value: unknown) => {
    values.push(value)
    sets.push(`${column} = $${values.length}`)
  }
  const changed: string[] = []
  for (const [field, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    const given = body[field]
    const value =
      field === 'shortener_domain' || field === 'click_domain' ? domainOf(body[field])?.toLowerCase() : given
    if (given === undefined) continue
    set(column, value ?? null)
    changed.push(field)
  }
  if (body.credentials !== undefined) {
    set('credentials_encrypted', encryptSecret(JSON.stringify(body.credentials), config.secretKey))
    changed.push('credentials')
  } else if (providerChanged) {
    set('credentials_encrypted', null)
  }
  // Another provider's webhooks have not reached us yet: a BYOC list waits for the new one's first.
  if (providerChanged) set('webhook_verified_at', null)
  // A test send proved other credentials (or another provider): the check's second step is to be done again.
  if (providerChanged || body.credentials !== undefined) set('test_sent_at', null)
  if (!list.has_token) set('webhook_token_encrypted', encryptSecret(newWebhookToken(), config.secretKey))

  if (sets.length > 0) {
    await withTransaction(pool, async (client) => {
      try {
        await client.query(
          `UPDATE sending_lists SET ${sets.join(', ')} WHERE id = $1 AND account_id = $2`,
          values,
        )
      } catch (err) {
        if ((err as { code?: string }).code === '23505') {
          throw new AppError('list_number_taken', `the account already has a list for ${body.phone_number}`)
        }
        throw err
      }
      if (changed.length > 0) {
        await writeAudit(client, {
          accountId: caller.accountId,
          actor: actorOf(caller),
          action: 'list.updated',
          target: String(list.id),
          // Field names only: the values of credentials never reach the audit log.
          detail: { changed },
        })
      }
    })
  }
  return getList(pool, caller.accountId, String(list.id), revealFor(config))
}

/** Health figures of every list of the account over [from, to) (zeros for a list without activity). */
export async function listHealth(
  pool: pg.Pool,
  ch: ClickHouse,
  accountId: string,
  range: { from: Date; to: Date },
): Promise<ListHealthView[]> {
  const [{ rows }, figures] = await Promise.all([
    pool.query<{ id: number }>(
      `SELECT id FROM sending_lists WHERE account_id = $1 AND status <> 'deleted' ORDER BY id`,
      [accountId],
    ),
    listHealthFigures(ch, accountId, range),
  ])
  const byList = new Map(figures.map((f) => [f.list_id, f]))
  return rows.map(
    (r) =>
      byList.get(r.id) ?? {
        list_id: r.id,
        sends: 0,
        delivered: 0,
        failed: 0,
        opt_outs: 0,
        delivery_rate: 0,
        failure_rate: 0,
        opt_out_rate: 0,
      },
  )
}
