// The sending context of a list for the dispatch worker: provider, number, credentials and status webhook URL.
import type pg from 'pg'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import type { ProviderCredentials, ProviderName } from '../providers/types.js'
import { decryptCredentials, listWebhookUrls, newWebhookToken } from './lists.js'

/** What a worker needs to send through a list: its provider, number, credentials and webhook URLs. */
export interface SendingContext {
  listId: number
  provider: ProviderName
  phoneNumber: string
  credentials: ProviderCredentials
  /** `<base>/webhooks/<provider>/<listId>/status?token=…` */
  statusUrl: string
}

/**
 * Each list's sending context. A list without a webhook token gets one here (the first worker to need it wins the
 * race; the others read what it wrote).
 */
export async function sendingContexts(
  pool: pg.Pool,
  listIds: number[],
  options: { secretKey: string; webhookBaseUrl: string },
): Promise<Map<number, SendingContext>> {
  await pool.query(
    `UPDATE sending_lists SET webhook_token_encrypted = v.token
       FROM unnest($1::int[], $2::text[]) AS v(id, token)
      WHERE sending_lists.id = v.id AND sending_lists.webhook_token_encrypted IS NULL`,
    [listIds, listIds.map(() => encryptSecret(newWebhookToken(), options.secretKey))],
  )
  const { rows } = await pool.query<{
    id: number
    provider: ProviderName
    phone_number: string
    credentials_encrypted: string | null
    webhook_token_encrypted: string
  }>(
    `SELECT id, provider, phone_number, credentials_encrypted, webhook_token_encrypted
       FROM sending_lists WHERE id = ANY($1::int[])`,
    [listIds],
  )
  return new Map(
    rows.map((r) => [
      r.id,
      {
        listId: r.id,
        provider: r.provider,
        phoneNumber: r.phone_number,
        credentials: decryptCredentials(r.credentials_encrypted, options.secretKey),
        statusUrl: listWebhookUrls(options.webhookBaseUrl, {
          id: r.id,
          provider: r.provider,
          webhookToken: decryptSecret(r.webhook_token_encrypted, options.secretKey),
        }).status,
      },
    ]),
  )
}
