// Each real-provider adapter's credentials check (validateCredentials) against the loopback double of its
// provider: good credentials pass, a wrong secret is refused in the provider's own error format, a missing field
// is caught before any request, an unreachable provider is a failed check, and the check never sends a message.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { adapterFor, REAL_PROVIDERS, type RealProviderName } from '../../providers/index.js'
import type { ProviderCredentials } from '../../providers/types.js'
import {
  createCmDouble,
  createInfobipDouble,
  createLimeDouble,
  createTwilioDouble,
  type ProviderDouble,
} from '../harness/provider-doubles.js'

const OPTIONS = { timeoutMs: 2_000 }

/** The credentials field that is the secret of each provider, and its double. */
const CASES: Record<RealProviderName, { secret: string; double: () => Promise<ProviderDouble> }> = {
  twilio: { secret: 'auth_token', double: createTwilioDouble },
  infobip: { secret: 'api_key', double: createInfobipDouble },
  cm: { secret: 'product_token', double: createCmDouble },
  lime: { secret: 'api_id', double: createLimeDouble },
}

for (const name of REAL_PROVIDERS) {
  t.test(`${name}: the credentials check`, async (t) => {
    const double = await CASES[name].double()
    t.teardown(() => double.close())
    const adapter = adapterFor(name)

    t.same(await adapter.validateCredentials(double.credentials, OPTIONS), { ok: true }, 'good credentials')

    const wrong: ProviderCredentials = { ...double.credentials, [CASES[name].secret]: 'wrong-secret-value' }
    const refused = await adapter.validateCredentials(wrong, OPTIONS)
    t.equal(refused.ok, false, 'a wrong secret is refused')
    if (!refused.ok) t.match(refused.reason, /refused/i)

    const { [CASES[name].secret]: _dropped, ...missing } = double.credentials
    const incomplete = await adapter.validateCredentials(missing, OPTIONS)
    t.same(incomplete, { ok: false, reason: `${name} credentials need ${CASES[name].secret}` })

    t.equal(double.requests.length, 0, 'no message was sent')
  })
}

t.test('an unreachable or broken provider is a failed check, not an exception', async (t) => {
  // A port that was just free: nothing listens there.
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  const unreachable = await adapterFor('twilio').validateCredentials(
    { account_sid: 'AC1', auth_token: 'x', base_url: `http://127.0.0.1:${port}` },
    OPTIONS,
  )
  t.same(unreachable, { ok: false, reason: 'Twilio could not be reached' })

  const broken = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' })
    res.end('oops')
  })
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => broken.close(() => resolve())))
  const base = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`
  const answer = await adapterFor('infobip').validateCredentials({ api_key: 'k', base_url: base }, OPTIONS)
  t.equal(answer.ok, false)
  if (!answer.ok) t.match(answer.reason, /HTTP 500/)
  const cm = await adapterFor('cm').validateCredentials({ product_token: 't', base_url: base }, OPTIONS)
  t.equal(cm.ok, false)
})
