// The BYOC check's middle step (spec §21: credentials test → send test → webhook reply; issue 16): one fixed test
// text sent through the list's own provider adapter with the list's own credentials, exactly as dispatch would
// send it (its number, its status-callback URL, so the provider's delivery report is the "webhook reply" that
// sets webhook_verified_at). The credentials are tried first, so a refusal of them answers
// `invalid_provider_credentials`; any other refusal answers `test_send_failed` with the provider's code and words.
// Nothing here answers 5xx: a provider that is down or slow is a failed test, not a server error.
import type pg from 'pg'
import { decryptSecret, encryptSecret } from '../core/crypto.js'
import { AppError } from '../core/errors.js'
import { randomAlphanumeric } from '../core/ids.js'
import { parseE164 } from '../core/phone.js'
import type { TestSendView } from '../core/views/lists.js'
import { adapterFor, type RealProviderName } from '../providers/index.js'
import type { ProviderAdapter, ProviderCredentials, ProviderName } from '../providers/types.js'
import { type ApiCaller, actorOf, writeAudit } from './accounts.js'
import { decryptCredentials, listIdOf, listWebhookUrls, newWebhookToken } from './lists.js'

/** The text every test send carries: it says what it is, so nobody takes it for marketing. */
export const TEST_SEND_TEXT = 'Trackly test message: your sending number works. No reply needed.'

export interface TestSendOptions {
  secretKey: string
  webhookBaseUrl: string
  timeoutMs: number
  /** The list's adapter (the simulator is made by its user, so the caller passes it in). */
  adapter(name: ProviderName): ProviderAdapter
}

export const realAdapter = (name: ProviderName): ProviderAdapter => adapterFor(name as RealProviderName)

interface TestList {
  id: number
  provider: ProviderName
  phone_number: string
  status: string
  credentials_encrypted: string | null
  webhook_token_encrypted: string | null
}

/** POST /lists/:id/test-send: sends the test text to `to` and records when the provider accepted it. */
export async function sendListTest(
  pool: pg.Pool,
  caller: ApiCaller,
  id: string,
  to: string,
  options: TestSendOptions,
): Promise<TestSendView> {
  const { rows } = await pool.query<TestList>(
    `SELECT id, provider, phone_number, status, credentials_encrypted, webhook_token_encrypted
       FROM sending_lists WHERE id = $1 AND account_id = $2 AND status <> 'deleted'`,
    [listIdOf(id), caller.accountId],
  )
  const list = rows[0]
  if (!list) throw new AppError('not_found', 'List not found')
  const recipient = parseE164(to)
  if (!recipient) throw new AppError('invalid_phone', 'to must be a valid E.164 number, e.g. +14155551234')
  if (list.provider !== 'simulator' && list.credentials_encrypted === null) {
    throw new AppError('missing_provider_credentials', `the list has no ${list.provider} credentials yet`)
  }
  const credentials: ProviderCredentials = {
    ...decryptCredentials(list.credentials_encrypted, options.secretKey),
    // A simulated test gets its receipt but never a simulated reply from the tester's phone.
    ...(list.provider === 'simulator' ? { reply_rate: 0 } : {}),
  }
  const adapter = options.adapter(list.provider)

  // Step one again: credentials changed at the provider since they were saved are named as such.
  const check = await adapter.validateCredentials(credentials, { timeoutMs: options.timeoutMs })
  if (!check.ok) throw new AppError('invalid_provider_credentials', `credentials: ${check.reason}`)

  const token = list.webhook_token_encrypted ?? (await giveToken(pool, list.id, options.secretKey))
  const statusUrl = listWebhookUrls(options.webhookBaseUrl, {
    id: list.id,
    provider: list.provider,
    webhookToken: decryptSecret(token, options.secretKey),
  }).status
  const result = await adapter
    .send(
      credentials,
      // Not a message id of ours (those are 8 letters and digits), so its delivery report is counted as the
      // webhook reply and then set aside as naming no message.
      {
        messageId: `test-${randomAlphanumeric(8)}`,
        from: list.phone_number,
        to: recipient,
        body: TEST_SEND_TEXT,
        statusUrl,
      },
      { timeoutMs: options.timeoutMs },
    )
    .catch((err: unknown) => ({
      outcome: 'failed' as const,
      code: 'exception',
      description: err instanceof Error ? err.message : String(err),
    }))
  if (result.outcome !== 'accepted') {
    throw new AppError(
      'test_send_failed',
      `${list.provider} did not take the test message (${result.code}): ${result.description}`,
    )
  }
  const { rows: stamped } = await pool.query<{ test_sent_at: Date }>(
    'UPDATE sending_lists SET test_sent_at = now() WHERE id = $1 AND account_id = $2 RETURNING test_sent_at',
    [list.id, caller.accountId],
  )
  await writeAudit(pool, {
    accountId: caller.accountId,
    actor: actorOf(caller),
    action: 'list.test_sent',
    target: String(list.id),
    detail: { to: recipient, provider: list.provider, provider_message_id: result.providerMessageId },
  })
  return {
    success: true,
    provider_message_id: result.providerMessageId,
    test_sent_at: (stamped[0]?.test_sent_at ?? new Date()).toISOString(),
    body: TEST_SEND_TEXT,
  }
}

/** A list made before webhook tokens gets one now (the first caller wins, as in dispatch). */
async function giveToken(pool: pg.Pool, listId: number, secretKey: string): Promise<string> {
  await pool.query(
    'UPDATE sending_lists SET webhook_token_encrypted = $2 WHERE id = $1 AND webhook_token_encrypted IS NULL',
    [listId, encryptSecret(newWebhookToken(), secretKey)],
  )
  const { rows } = await pool.query<{ webhook_token_encrypted: string }>(
    'SELECT webhook_token_encrypted FROM sending_lists WHERE id = $1',
    [listId],
  )
  return rows[0]!.webhook_token_encrypted
}
