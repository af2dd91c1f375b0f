// `trackly create-list`: an operator adds a sending list (number, provider, brand, link domains) to an account.
// Provider credentials are encrypted with the configured secret key before they reach Postgres.
import { adapterFor, REAL_PROVIDERS } from '../providers/index.js'
import { createSendingList, listWebhookUrls, SendingListInputError } from '../services/lists.js'
import { type CommandContext, emit, UsageError, withPostgres } from './cli.js'

/** The credential keys each provider's adapter reads, for the command's help. */
export function credentialHelp(): string {
  return [
    'Credential keys (--credentials-json) by provider:',
    ...REAL_PROVIDERS.map((name) => {
      const { required, optional } = adapterFor(name).credentialKeys
      const extra = optional.length > 0 ? `; optional: ${optional.join(', ')}` : ''
      return `  ${name.padEnd(8)} required: ${required.join(', ')}${extra}`
    }),
    '  simulator none',
  ].join('\n')
}

export interface CreateListOptions {
  account: string
  number: string
  provider: string
  brand: string
  name?: string
  numberType?: string
  shortenerDomain?: string
  clickDomain?: string
  ratePerMinute?: string
  credentialsJson?: string
  byoc?: boolean
  json?: boolean
}

export async function createListCommand(ctx: CommandContext, opts: CreateListOptions): Promise<void> {
  const rate = opts.ratePerMinute
  const { config } = ctx
  const { id, webhookToken } = await withPostgres(ctx, (pg) =>
    createSendingList(
      pg.pool,
      {
        accountId: opts.account,
        phoneNumber: opts.number,
        provider: opts.provider,
        brandName: opts.brand,
        listName: opts.name,
        numberType: opts.numberType,
        shortenerDomain: opts.shortenerDomain,
        clickDomain: opts.clickDomain,
        ratePerMinute: rate === undefined ? undefined : /^\d+$/.test(rate) ? Number(rate) : Number.NaN,
        credentialsJson: opts.credentialsJson,
        byoc: opts.byoc,
      },
      config.secretKey,
    ).catch((err: unknown) => {
      if (err instanceof SendingListInputError) throw new UsageError(err.message)
      throw err
    }),
  )
  const urls = listWebhookUrls(config.publicWebhookBaseUrl, { id, provider: opts.provider, webhookToken })
  emit(opts.json, { list_id: id, webhooks: urls }, () => [
    `list ${id}`,
    `delivery reports: ${urls.status}`,
    `replies:          ${urls.inbound}`,
  ])
}
