// `trackly create-list`: an operator adds a sending list (number, provider, brand, link domains) to an account.
// Provider credentials are encrypted with the configured secret key before they reach Postgres.
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../core/config.js'
import { createDeps } from '../lib/deps.js'
import { createLogger } from '../lib/logger.js'
import { prepare } from '../lib/platform.js'
import {
  createSendingList,
  listWebhookUrls,
  NUMBER_TYPES,
  PROVIDERS,
  SendingListInputError,
} from '../services/lists.js'

const USAGE = `usage: trackly create-list --account ID --number +1… --provider ${PROVIDERS.join('|')} --brand NAME
  [--name N] [--number-type ${NUMBER_TYPES.join('|')}] [--shortener-domain D] [--click-domain D]
  [--rate-per-minute N] [--credentials-json '{…}'] [--byoc]
  --byoc: the customer's own provider account; it sends once the printed webhook URLs receive a verified call`

export async function createListCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      account: { type: 'string' },
      number: { type: 'string' },
      provider: { type: 'string' },
      brand: { type: 'string' },
      name: { type: 'string' },
      'number-type': { type: 'string' },
      'shortener-domain': { type: 'string' },
      'click-domain': { type: 'string' },
      'rate-per-minute': { type: 'string' },
      'credentials-json': { type: 'string' },
      byoc: { type: 'boolean' },
    },
  })
  if (!values.account || !values.number || !values.provider || !values.brand) throw new ConfigError(USAGE)
  const rate = values['rate-per-minute']
  const config = loadConfig()
  const deps = createDeps(config, createLogger(config))
  await prepare(deps)
  const pg = deps.postgres.acquire()
  try {
    const { id, webhookToken } = await createSendingList(
      pg.pool,
      {
        accountId: values.account,
        phoneNumber: values.number,
        provider: values.provider,
        brandName: values.brand,
        listName: values.name,
        numberType: values['number-type'],
        shortenerDomain: values['shortener-domain'],
        clickDomain: values['click-domain'],
        ratePerMinute: rate === undefined ? undefined : /^\d+$/.test(rate) ? Number(rate) : Number.NaN,
        credentialsJson: values['credentials-json'],
        byoc: values.byoc,
      },
      config.secretKey,
    )
    const urls = listWebhookUrls(config.publicWebhookBaseUrl, { id, provider: values.provider, webhookToken })
    process.stdout.write(`list ${id}\ndelivery reports: ${urls.status}\nreplies:          ${urls.inbound}\n`)
  } catch (err) {
    if (err instanceof SendingListInputError) throw new ConfigError(`${err.message}\n${USAGE}`)
    throw err
  } finally {
    await deps.postgres.release()
  }
}
