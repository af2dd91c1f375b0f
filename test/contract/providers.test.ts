// What the four real-provider adapters share, against loopback doubles of their providers' APIs
// (test/harness/provider-doubles.ts): the registry, the credentials check and every class of send failure.
// Each provider's wire format and webhooks are in providers-<name>.test.ts. No services are needed.
import t from 'tap'
import { adapterFor, REAL_PROVIDERS, type RealProviderName } from '../../providers/index.js'
import { type ProviderCredentials, ProviderCredentialsError } from '../../providers/types.js'
import {
  createCmDouble,
  createInfobipDouble,
  createLimeDouble,
  createTwilioDouble,
  type ProviderDouble,
} from '../harness/provider-doubles.js'
import { closedBaseUrl, failedWith, OPTIONS, providerHarness, TO } from '../harness/providers.js'

const { sms } = await providerHarness(t)

t.test('the registry has each real provider, and only those', async (t) => {
  t.same([...REAL_PROVIDERS].sort(), ['cm', 'infobip', 'lime', 'twilio'])
  for (const name of REAL_PROVIDERS) t.equal(adapterFor(name).name, name)
})

const CREDENTIAL_FIELDS: Record<RealProviderName, { valid: ProviderCredentials; required: string[] }> = {
  twilio: { valid: { account_sid: 'AC1', auth_token: 'x' }, required: ['account_sid', 'auth_token'] },
  infobip: {
    valid: { api_key: 'k', base_url: 'https://xyz.api.infobip.com' },
    required: ['api_key', 'base_url'],
  },
  cm: { valid: { product_token: 'p' }, required: ['product_token'] },
  lime: { valid: { user: 'u', api_id: 'a' }, required: ['user', 'api_id'] },
}

t.test('checkCredentials names the missing field', async (t) => {
  for (const name of REAL_PROVIDERS) {
    const adapter = adapterFor(name)
    const { valid, required } = CREDENTIAL_FIELDS[name]
    t.doesNotThrow(() => adapter.checkCredentials(valid), `${name}: complete`)
    for (const field of required) {
      const { [field]: _missing, ...rest } = valid
      t.throws(
        () => adapter.checkCredentials(rest),
        new ProviderCredentialsError(`${name} credentials need ${field}`),
      )
    }
    t.throws(
      () => adapter.checkCredentials({ ...valid, base_url: 'ftp://x' }),
      ProviderCredentialsError,
      `${name}`,
    )
  }
})

// --- failure classes, the same for every provider ---

interface FailureCase {
  name: RealProviderName
  create(): Promise<ProviderDouble>
  /** The provider's own code for an opted-out and for an invalid recipient, and for refused credentials. */
  optedOutCode: string
  invalidCode: string
  authCode: string
  wrongCredentials(c: ProviderCredentials): ProviderCredentials
}

const FAILURE_CASES: FailureCase[] = [
  {
    name: 'twilio',
    create: createTwilioDouble,
    optedOutCode: '21610',
    invalidCode: '21211',
    authCode: '20003',
    wrongCredentials: (c) => ({ ...c, auth_token: 'wrong' }),
  },
  {
    name: 'infobip',
    create: createInfobipDouble,
    optedOutCode: 'REJECTED_DND',
    invalidCode: 'REJECTED_DESTINATION',
    authCode: 'UNAUTHORIZED',
    wrongCredentials: (c) => ({ ...c, api_key: 'wrong' }),
  },
  {
    name: 'cm',
    create: createCmDouble,
    optedOutCode: '402',
    invalidCode: '303',
    authCode: '101',
    wrongCredentials: (c) => ({ ...c, product_token: 'wrong' }),
  },
  {
    name: 'lime',
    create: createLimeDouble,
    optedOutCode: 'http_400',
    invalidCode: 'http_400',
    authCode: 'http_403',
    wrongCredentials: (c) => ({ ...c, api_id: 'wrong' }),
  },
]

for (const c of FAILURE_CASES) {
  t.test(`${c.name}: every class of send failure`, async (t) => {
    const double = await c.create()
    t.teardown(() => double.close())
    const adapter = adapterFor(c.name)
    const send = (to: string, options = OPTIONS, credentials = double.credentials) =>
      adapter.send(credentials, sms(c.name, to), options)

    const accepted = await send(TO)
    t.equal(accepted.outcome, 'accepted', 'an ordinary send is accepted')

    double.respondFor('+12015550101', 'opted_out')
    const optedOut = failedWith(await send('+12015550101'))
    t.match(optedOut, { code: c.optedOutCode, recipientOptedOut: true }, 'opted out')
    t.notOk(optedOut?.invalidRecipient)

    double.respondFor('+12015550102', 'invalid_number')
    const invalid = failedWith(await send('+12015550102'))
    t.match(invalid, { code: c.invalidCode, invalidRecipient: true }, 'invalid number')
    t.notOk(invalid?.recipientOptedOut)

    double.respondFor('+12015550103', 'rate_limited')
    t.match(await send('+12015550103'), { outcome: 'retryable' }, 'HTTP 429 → retryable')

    double.respondFor('+12015550104', 'server_error')
    t.match(
      await send('+12015550104'),
      { outcome: 'failed', code: 'provider_unknown_outcome' },
      '5xx → failed, unknown outcome (never retried)',
    )

    double.respondFor('+12015550105', 'slow', { delayMs: 1_500 })
    const started = Date.now()
    t.match(await send('+12015550105', { timeoutMs: 200 }), { outcome: 'failed', code: 'provider_timeout' })
    t.ok(Date.now() - started < 1_400, 'gave up at the timeout, not when the double answered')
    t.match(await send('+12015550105', { timeoutMs: 3_000 }), { outcome: 'accepted' }, 'slow but within time')

    const unreachable = { ...double.credentials, base_url: await closedBaseUrl() }
    t.match(
      await send(TO, OPTIONS, unreachable),
      { outcome: 'retryable', code: 'provider_unreachable' },
      'connection refused → retryable',
    )

    const refused = failedWith(await send(TO, OPTIONS, c.wrongCredentials(double.credentials)))
    t.match(refused, { code: c.authCode }, 'wrong credentials → failed')
    t.notOk(refused?.recipientOptedOut || refused?.invalidRecipient, 'not blamed on the recipient')

    // Every well-formed request was recorded, refused credentials excepted.
    t.equal(double.requests.length, 7)
  })
}
