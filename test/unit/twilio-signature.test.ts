import { createHash } from 'node:crypto'
import fc from 'fast-check'
import t from 'tap'
import { twilioSignature, validateTwilioRequest } from '../../providers/twilio-signature.js'

// Twilio's published vectors (twilio-php tests/Twilio/Unit/Security/RequestValidatorTest.php; the same URL,
// token and parameters appear in the docs and in twilio-node, twilio-python and twilio-csharp).
const TOKEN = '12345'
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2'
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+14158675309',
  Digits: '1234',
  From: '+14158675309',
  To: '+18005551212',
}
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8='
const BODY = '{"property": "value", "boolean": true}'
const BODY_HASH = '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620'

t.test("Twilio's published vectors", async (t) => {
  t.equal(twilioSignature(TOKEN, URL, PARAMS), SIGNATURE, 'the documented example')
  t.ok(validateTwilioRequest(TOKEN, SIGNATURE, URL, PARAMS))
  t.notOk(validateTwilioRequest(TOKEN, 'FAIL', URL, PARAMS))
  const withArray = { Sid: 'CA123', SidAccount: 'AC123', Digits: ['5678', '1234', '1234'] }
  t.equal(twilioSignature(TOKEN, URL, withArray), 'IK+Dwps556ElfBT0I3Rgjkr1wJU=', 'arrays deduped and sorted')
  t.ok(validateTwilioRequest(TOKEN, 'IK+Dwps556ElfBT0I3Rgjkr1wJU=', URL, withArray))
  t.equal(createHash('sha256').update(BODY).digest('hex'), BODY_HASH)
  const jsonUrl = `${URL}&bodySHA256=${BODY_HASH}`
  t.ok(validateTwilioRequest(TOKEN, 'a9nBmqA0ju/hNViExpshrM61xv4=', jsonUrl, { rawBody: Buffer.from(BODY) }))
  t.notOk(
    validateTwilioRequest(TOKEN, SIGNATURE, URL, { rawBody: Buffer.from(BODY) }),
    'JSON body without hash',
  )
})

t.test('ports: Twilio may sign with or without the port; both are accepted', async (t) => {
  // A non-default port is also removed for the second candidate, as twilio-node and twilio-php do.
  t.ok(validateTwilioRequest(TOKEN, SIGNATURE, URL.replace('.com', '.com:1234'), PARAMS))
  const http1234 = URL.replace('.com', '.com:1234').replace('https', 'http')
  t.ok(validateTwilioRequest(TOKEN, 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=', http1234, PARAMS), 'http with port 1234')
  t.ok(validateTwilioRequest(TOKEN, 'kvajT1Ptam85bY51eRf/AJRuM3w=', URL, PARAMS), 'signed with :443 added')
  t.ok(
    validateTwilioRequest(TOKEN, '0ZXoZLH/DfblKGATFgpif+LLRf4=', URL.replace('https', 'http'), PARAMS),
    ':80',
  )
  t.ok(validateTwilioRequest(TOKEN, SIGNATURE, URL.replace('.com', '.com:443'), PARAMS), 'called with :443')
  t.equal(
    twilioSignature(TOKEN, URL.replace('.com', '.com:443'), PARAMS),
    'kvajT1Ptam85bY51eRf/AJRuM3w=',
    'an explicit default port is signed as written',
  )
  const creds = 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2'
  t.ok(validateTwilioRequest(TOKEN, 'CukzLTc1tT5dXEDIHm/tKBanW10=', creds, PARAMS), 'user:pass in the URL')
  t.ok(validateTwilioRequest(TOKEN, 'ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=', creds, PARAMS), 'user:pass with :443')
  const user = 'https://user@mycompany.com/myapp.php?foo=1&bar=2'
  t.ok(validateTwilioRequest(TOKEN, '2YRLlVAflCqxaNicjMpJcSTgzSs=', user, PARAMS), 'user only')
})

t.test(
  'twilio-node: quotes in the query sign alike escaped or not; a different query does not',
  async (t) => {
    const token = 's3cr3t'
    const raw = "https://example.com/path?test=param'WithQuote"
    const escaped = 'https://example.com/path?test=param%27WithQuote'
    for (const [signed, called] of [
      [raw, raw],
      [raw, escaped],
      [escaped, raw],
      [escaped, escaped],
    ] as const) {
      t.ok(
        validateTwilioRequest(token, twilioSignature(token, signed, {}), called, {}),
        `${signed} → ${called}`,
      )
    }
    const other = twilioSignature(token, 'https://example.com/path?test=param', {})
    t.notOk(validateTwilioRequest(token, other, 'https://example.com/path?test=param2', {}))
  },
)

t.test('missing or unusable inputs never validate', async (t) => {
  t.notOk(validateTwilioRequest(TOKEN, undefined, URL, PARAMS))
  t.notOk(validateTwilioRequest(TOKEN, '', URL, PARAMS))
  t.notOk(validateTwilioRequest('', SIGNATURE, URL, PARAMS))
  t.notOk(validateTwilioRequest(TOKEN, SIGNATURE, 'not a url', PARAMS))
  t.notOk(validateTwilioRequest(TOKEN, `${SIGNATURE}x`, URL, PARAMS), 'longer signature')
})

t.test('a JSON body must match its bodySHA256 and the URL must be signed', async (t) => {
  const body = Buffer.from('{"MessageSid":"SM1"}')
  const url = `https://hooks.example.com/tw?bodySHA256=${createHash('sha256').update(body).digest('hex')}`
  const signature = twilioSignature(TOKEN, url, {})
  t.ok(validateTwilioRequest(TOKEN, signature, url, { rawBody: body }))
  t.notOk(
    validateTwilioRequest(TOKEN, signature, url, { rawBody: Buffer.from('{"MessageSid":"SM2"}') }),
    'body',
  )
  const otherHash = url.replace(/bodySHA256=\w+/, `bodySHA256=${'0'.repeat(64)}`)
  t.notOk(validateTwilioRequest(TOKEN, signature, otherHash, { rawBody: body }), 'hash changed after signing')
  t.notOk(validateTwilioRequest('54321', signature, url, { rawBody: body }), 'token')
})

const key = fc.string({ minLength: 1, maxLength: 12 })
const value = fc.string({ maxLength: 20 })
const params = fc.dictionary(key, value, { minKeys: 1, maxKeys: 8 })
const token = fc.string({ minLength: 1, maxLength: 40 })
const path = fc.webPath()

/** A different string of the same length at one position (the smallest change). */
function changeOne(text: string, at: number): string {
  const i = at % text.length
  const c = text.charCodeAt(i)
  return text.slice(0, i) + String.fromCharCode(c === 0x7a ? 0x79 : c + 1) + text.slice(i + 1)
}

t.test('property: the order in which parameters arrive never matters', async () => {
  fc.assert(
    fc.property(token, params, path, fc.nat(), (tok, p, pth, seed) => {
      const url = `https://hooks.example.com${pth}`
      const entries = Object.entries(p)
      const shuffled = Object.fromEntries(
        entries
          .map((e, i) => [(i * 7919 + seed) % 1_000_003, e] as const)
          .sort((a, b) => a[0] - b[0])
          .map((x) => x[1]),
      )
      return validateTwilioRequest(tok, twilioSignature(tok, url, p), url, shuffled)
    }),
  )
})

t.test('property: array values are a set — order and repeats do not matter', async () => {
  fc.assert(
    fc.property(token, fc.array(value, { minLength: 1, maxLength: 6 }), (tok, values) => {
      const url = 'https://hooks.example.com/x'
      const signature = twilioSignature(tok, url, { K: values })
      return validateTwilioRequest(tok, signature, url, { K: [...values].reverse().concat(values) })
    }),
  )
})

t.test('property: a one-character change of token, URL, key or value breaks the signature', async () => {
  fc.assert(
    fc.property(token, params, fc.nat(), fc.nat(), (tok, p, at, which) => {
      const url = 'https://hooks.example.com/webhooks/twilio/1/status?token=abc&m=AbCd1234'
      const signature = twilioSignature(tok, url, p)
      const [k, v] = Object.entries(p)[which % Object.keys(p).length]!
      const rest = Object.fromEntries(Object.entries(p).filter(([other]) => other !== k))
      const newKey = changeOne(k, at)
      return (
        validateTwilioRequest(tok, signature, url, p) &&
        !validateTwilioRequest(changeOne(tok, at), signature, url, p) &&
        !validateTwilioRequest(tok, signature, changeOne(url, 30 + (at % (url.length - 30))), p) &&
        (v === '' || !validateTwilioRequest(tok, signature, url, { ...p, [k]: changeOne(v, at) })) &&
        (newKey in rest || !validateTwilioRequest(tok, signature, url, { ...rest, [newKey]: v }))
      )
    }),
  )
})
