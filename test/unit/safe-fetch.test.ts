// SSRF protection for customer webhook URLs: address classes (IPv4, IPv6, embedded IPv4), URL checks with an
// injected resolver (no outside DNS here), and real POSTs to loopback servers: the address checked is the address
// connected to, redirects are not followed, time and reply size are bounded, TLS certificates are verified.
import { once } from 'node:events'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { type AddressClass, classifyAddress } from '../../core/addresses.js'
import { checkWebhookUrl, type ResolvedAddress, safePostJson } from '../../lib/safe-fetch.js'

const refuse = { allowPrivateNetworks: false }
const allow = { allowPrivateNetworks: true }

/** A resolver from a fixed table that counts its calls. */
function fakeResolver(table: Record<string, string[]>) {
  const calls: string[] = []
  const resolve = async (host: string): Promise<ResolvedAddress[]> => {
    calls.push(host)
    const addresses = table[host]
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return { resolve, calls }
}

t.test('address classes', async (t) => {
  const table: Record<AddressClass, string[]> = {
    public: [
      '8.8.8.8',
      '93.184.215.14',
      '172.15.255.255',
      '172.32.0.0',
      '100.63.255.255',
      '100.128.0.0',
      '169.253.255.255',
      '223.255.255.255',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ],
    unspecified: ['0.0.0.0', '0.1.2.3', '::'],
    loopback: ['127.0.0.1', '127.255.255.254', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:0:0:1'],
    private: [
      '10.0.0.5',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '::ffff:10.0.0.5',
      '64:ff9b::a00:5',
      '2002:c0a8:101::1',
    ],
    link_local: [
      '169.254.169.254',
      '169.254.0.1',
      'fe80::1',
      'fe80::1%eth0',
      'febf::1',
      '::ffff:169.254.169.254',
    ],
    shared: ['100.64.0.1', '100.100.100.200', '100.127.255.255'],
    unique_local: ['fc00::1', 'fd00:ec2::254', 'fdff:ffff::1'],
    multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1'],
    reserved: [
      '240.0.0.1',
      '255.255.255.255',
      '192.0.0.1',
      '192.0.2.1',
      '198.18.0.1',
      '198.51.100.7',
      '203.0.113.9',
      '2001:db8::1',
      '2001::1',
      '100::1',
      '::2',
      '64:ff9b:1::1',
    ],
  }
  for (const [kind, addresses] of Object.entries(table)) {
    for (const address of addresses) t.equal(classifyAddress(address), kind, address)
  }
  for (const text of ['example.com', '1.2.3', '', '::g']) t.equal(classifyAddress(text), undefined, text)
})

t.test('URLs refused without any DNS query (private networks not allowed)', async (t) => {
  const { resolve, calls } = fakeResolver({})
  const cases: Array<[string, 'invalid_webhook_url' | 'webhook_url_not_allowed', RegExp]> = [
    ['not a url', 'invalid_webhook_url', /not a valid absolute URL/],
    ['/relative/path', 'invalid_webhook_url', /not a valid absolute URL/],
    ['ftp://files.example.com/x', 'invalid_webhook_url', /must use https:/],
    ['javascript:alert(1)', 'invalid_webhook_url', /must use https:/],
    ['http://hooks.example.com/x', 'invalid_webhook_url', /must use https:$/],
    ['https://user:pw@hooks.example.com/x', 'invalid_webhook_url', /credentials/],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'invalid_webhook_url', /longer than 2048/],
    ['https://127.0.0.1/hook', 'webhook_url_not_allowed', /127\.0\.0\.1 is a loopback address/],
    ['https://10.0.0.5/hook', 'webhook_url_not_allowed', /private network/],
    ['https://169.254.169.254/latest/meta-data', 'webhook_url_not_allowed', /link-local/],
    ['https://[::1]/hook', 'webhook_url_not_allowed', /loopback/],
    ['https://[::ffff:127.0.0.1]/hook', 'webhook_url_not_allowed', /loopback/],
    ['https://[fd00:ec2::254]/', 'webhook_url_not_allowed', /unique-local/],
    ['https://[fe80::1]/', 'webhook_url_not_allowed', /link-local/],
    ['https://100.100.100.200/', 'webhook_url_not_allowed', /carrier-grade NAT/],
    ['https://0.0.0.0/', 'webhook_url_not_allowed', /unspecified/],
    ['https://2130706433/', 'webhook_url_not_allowed', /loopback/],
    ['https://0x7f.1/', 'webhook_url_not_allowed', /loopback/],
    ['https://localhost/hook', 'webhook_url_not_allowed', /localhost is a loopback host/],
    ['https://LOCALHOST./hook', 'webhook_url_not_allowed', /loopback host/],
    ['https://api.localhost/hook', 'webhook_url_not_allowed', /loopback host/],
    ['https://metadata.google.internal/computeMetadata/v1/', 'webhook_url_not_allowed', /metadata host/],
    ['https://db.internal/', 'webhook_url_not_allowed', /internal host name/],
    ['https://printer.local/', 'webhook_url_not_allowed', /internal host name/],
    ['https://redis:6379/', 'webhook_url_not_allowed', /not a fully qualified host name/],
  ]
  for (const [url, code, reason] of cases) {
    const result = await checkWebhookUrl(url, { ...refuse, resolve })
    t.match(result, { ok: false, code, reason }, url.slice(0, 60))
  }
  t.same(calls, [], 'no resolution was needed')
})

t.test('host names are resolved and every address must be public', async (t) => {
  const { resolve, calls } = fakeResolver({
    'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'mixed.example.com': ['93.184.215.14', '10.0.0.7'],
    'rebind.example.com': ['127.0.0.1'],
    'meta.example.com': ['169.254.169.254'],
    'mapped.example.com': ['::ffff:192.168.0.1'],
    'empty.example.com': [],
  })
  const ok = await checkWebhookUrl('https://Hooks.Example.com:8443/in?x=1', { ...refuse, resolve })
  t.ok(ok.ok)
  if (ok.ok) {
    t.equal(ok.url.href, 'https://hooks.example.com:8443/in?x=1', 'normalised')
    t.same(
      ok.addresses.map((a) => a.address),
      ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    )
  }
  t.match(await checkWebhookUrl('https://mixed.example.com/', { ...refuse, resolve }), {
    ok: false,
    code: 'webhook_url_not_allowed',
    reason: 'mixed.example.com resolves to a private network address',
  })
  for (const host of ['rebind', 'meta', 'mapped']) {
    t.match(await checkWebhookUrl(`https://${host}.example.com/`, { ...refuse, resolve }), {
      ok: false,
      code: 'webhook_url_not_allowed',
    })
  }
  t.match(await checkWebhookUrl('https://nowhere.example.com/', { ...refuse, resolve }), {
    ok: false,
    code: 'invalid_webhook_url',
    reason: 'nowhere.example.com does not resolve',
  })
  t.match(await checkWebhookUrl('https://empty.example.com/', { ...refuse, resolve }), {
    ok: false,
    code: 'invalid_webhook_url',
  })
  const literal = await checkWebhookUrl('https://93.184.215.14/hook', { ...refuse, resolve })
  t.match(literal, { ok: true, addresses: [{ address: '93.184.215.14', family: 4 }] })
  t.notOk(calls.includes('93.184.215.14'), 'a literal address is not resolved')
})

t.test('allowPrivateNetworks (development, tests): http and private targets pass', async (t) => {
  t.match(await checkWebhookUrl('http://127.0.0.1:9/x', allow), { ok: true })
  t.match(await checkWebhookUrl('https://[::1]/x', allow), { ok: true })
  // The system resolver: localhost resolves without any network.
  const local = await checkWebhookUrl('http://localhost:9/x', allow)
  t.ok(local.ok)
  if (local.ok) t.ok(local.addresses.every((a) => classifyAddress(a.address) === 'loopback'))
  t.match(await checkWebhookUrl('ftp://127.0.0.1/', allow), { ok: false, code: 'invalid_webhook_url' })
})

// ---- Real requests to loopback servers ----

interface Received {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

async function server(
  t: Test,
  handler: (req: http.IncomingMessage, res: http.ServerResponse, received: Received[]) => void,
) {
  const received: Received[] = []
  const srv = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => {
      body += c
    })
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      handler(req, res, received)
    })
  })
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  t.teardown(() => {
    srv.closeAllConnections()
    srv.close()
  })
  return { port: (srv.address() as AddressInfo).port, received }
}

const headers = { 'content-type': 'application/json', 'x-test': 'yes' }

t.test('a 2xx is success; the body and headers arrive as given', async (t) => {
  const s = await server(t, (_req, res) => res.writeHead(204).end())
  const body = JSON.stringify({ hello: 'wörld' })
  const out = await safePostJson(`http://127.0.0.1:${s.port}/hook?a=1`, body, { ...allow, headers })
  t.same(out, { ok: true, status: 204 })
  t.equal(s.received.length, 1)
  t.match(s.received[0], {
    method: 'POST',
    url: '/hook?a=1',
    body,
    headers: {
      'content-type': 'application/json',
      'x-test': 'yes',
      'content-length': String(Buffer.byteLength(body)),
    },
  })
})

t.test('non-2xx replies fail with a short error; a redirect is not followed', async (t) => {
  const s = await server(t, (req, res) => {
    if (req.url === '/fail') return res.writeHead(500).end('stack trace and secrets')
    if (req.url === '/moved')
      return res.writeHead(302, { location: `http://127.0.0.1:${port()}/target` }).end()
    res.writeHead(200).end()
  })
  const port = () => s.port
  t.same(await safePostJson(`http://127.0.0.1:${s.port}/fail`, '{}', { ...allow, headers }), {
    ok: false,
    status: 500,
    error: 'HTTP 500',
  })
  t.same(await safePostJson(`http://127.0.0.1:${s.port}/moved`, '{}', { ...allow, headers }), {
    ok: false,
    status: 302,
    error: 'redirect not followed (HTTP 302)',
  })
  t.same(
    s.received.map((r) => r.url),
    ['/fail', '/moved'],
    'the Location was never requested',
  )
})

t.test('the connection goes to the address that was checked (pinned), resolved once', async (t) => {
  const s = await server(t, (_req, res) => res.writeHead(200).end())
  // Not resolvable by the system: only the pinned address can make this request arrive.
  const { resolve, calls } = fakeResolver({ 'hooks.example.test': ['127.0.0.1'] })
  const out = await safePostJson(`http://hooks.example.test:${s.port}/pinned`, '{}', {
    ...allow,
    headers,
    resolve,
  })
  t.same(out, { ok: true, status: 200 })
  t.same(calls, ['hooks.example.test'])
  t.equal(s.received[0]?.headers.host, `hooks.example.test:${s.port}`, 'Host names the URL host')
})

t.test('a host that resolves to a private address is never contacted (policy on)', async (t) => {
  const s = await server(t, (_req, res) => res.writeHead(200).end())
  const { resolve } = fakeResolver({ 'hooks.example.test': ['127.0.0.1'] })
  const out = await safePostJson(`https://hooks.example.test:${s.port}/x`, '{}', {
    ...refuse,
    headers,
    resolve,
  })
  t.same(out, {
    ok: false,
    status: null,
    error: 'webhook_url_not_allowed: hooks.example.test resolves to a loopback address',
  })
  const literal = await safePostJson(`http://127.0.0.1:${s.port}/x`, '{}', { ...refuse, headers })
  t.match(literal, { ok: false, status: null, error: /^invalid_webhook_url: URL must use https:/ })
  t.equal(s.received.length, 0)
})

t.test('timeout, refused connection, and a reply read only up to the cap', async (t) => {
  const silent = await server(t, () => {})
  const started = Date.now()
  t.same(
    await safePostJson(`http://127.0.0.1:${silent.port}/`, '{}', { ...allow, headers, timeoutMs: 300 }),
    {
      ok: false,
      status: null,
      error: 'timed out after 300 ms',
    },
  )
  t.ok(Date.now() - started < 2_000, 'gave up on time')

  // A port nothing listens on: taken, then released.
  const probe = http.createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const freePort = (probe.address() as AddressInfo).port
  await new Promise((r) => probe.close(r))
  t.same(await safePostJson(`http://127.0.0.1:${freePort}/`, '{}', { ...allow, headers }), {
    ok: false,
    status: null,
    error: 'connection failed (ECONNREFUSED)',
  })

  // A reply that never ends: the outcome is known from the status line; reading stops at the cap.
  const endless = await server(t, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' })
    const chunk = 'x'.repeat(16_384)
    const timer = setInterval(() => res.write(chunk), 5)
    res.on('close', () => clearInterval(timer))
  })
  const begun = Date.now()
  t.same(
    await safePostJson(`http://127.0.0.1:${endless.port}/`, '{}', { ...allow, headers, timeoutMs: 5_000 }),
    {
      ok: true,
      status: 200,
    },
  )
  t.ok(Date.now() - begun < 2_000, 'did not read to the end')
})

// Self-signed, test-only certificate for CN=localhost: the client must refuse it.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgfDYn50ULg21rllT9
v0bvg2ax7p1vbbyE96nnJmUQWuqhRANCAAReFjgnRLAqphH6YchkSMlvjhH0FM7M
+qeAAsB8ikd2KDoVIbOgCMEKNYd7GVSzHmjpcji7+TUkMUswKAAPwoIB
-----END PRIVATE KEY-----`
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBlTCCATugAwIBAgIUJpUmeqXAT7NbKRP1f2A8ZgpuIDIwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMjIwMTEzOVoYDzIxMjYxMDI5
MjAxMTM5WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAReFjgnRLAqphH6YchkSMlvjhH0FM7M+qeAAsB8ikd2KDoVIbOgCMEK
NYd7GVSzHmjpcji7+TUkMUswKAAPwoIBo2kwZzAdBgNVHQ4EFgQUOuFV6SjBnd7z
f0qcEuc/e3nl2tgwHwYDVR0jBBgwFoAUOuFV6SjBnd7zf0qcEuc/e3nl2tgwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
SAAwRQIgQ6QzcnAcn9S06BUMSHYQ2DRpZkGdn34ZxQUmkN+BE9gCIQDs/QRVtDpQ
vmwF0TCr25On7W/5c/Y3JU01xqsP2c+bsw==
-----END CERTIFICATE-----`

t.test('https: TLS to the pinned address, with the certificate verified', async (t) => {
  let connections = 0
  const srv = https.createServer({ key: TEST_KEY, cert: TEST_CERT }, (_req, res) => res.writeHead(200).end())
  srv.on('connection', () => connections++)
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  t.teardown(() => srv.close())
  const port = (srv.address() as AddressInfo).port
  const { resolve } = fakeResolver({ 'hooks.example.test': ['127.0.0.1'] })
  const out = await safePostJson(`https://hooks.example.test:${port}/`, '{}', { ...allow, headers, resolve })
  t.match(out, { ok: false, status: null, error: /^TLS error \(DEPTH_ZERO_SELF_SIGNED_CERT\)$/ })
  t.equal(connections, 1, 'the handshake was with the pinned address')
})
