// OpenAPI-driven fuzz over real HTTP: requests for every documented operation, generated from its schemas with
// hostile values mixed in (NUL, lone surrogates, 1 MB strings, 5,000-deep nesting, huge and negative numbers,
// wrong types and content types). No answer may be a 5xx, every 4xx carries a `code`, and after every accepted
// write the resource and its list still read back with 200. A fixed seed every run, plus a random one that is
// printed so a failure can be replayed (FUZZ_SEED=<seed> FUZZ_RUNS=<n>).
import fc from 'fast-check'
import t from 'tap'
import {
  type Operation,
  operationsOf,
  type RequestCase,
  readsAfterWrite,
  requestCaseArbitrary,
  sweepCases,
  urlOf,
} from '../harness/openapi-requests.js'
import { createFixture, startTestPlatform } from '../harness/platform.js'
import { toJsonText } from '../harness/schema-arbitrary.js'

const FIXED_SEED = 20_261_205
const FIXED_RUNS = Number(process.env.FUZZ_FIXED_RUNS ?? 5_000)
const RANDOM_RUNS = 500
const CONCURRENCY = 6
const EXCERPT = 300

// About 2½ minutes on an idle 2-core machine; the margin is for a machine shared with other work.
t.setTimeout(600_000)

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, 'https://go.example')
async function call(
  method: string,
  url: string,
  key: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${platform.apiUrl}${url}`, {
    method,
    headers: {
      ...(key ? { 'x-api-key': key } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {}
  return { status: res.status, json, text }
}

async function created(url: string, body: unknown): Promise<string> {
  const res = await call('POST', url, fixture.apiKey, body)
  const id = idIn(res.json)
  if (res.status >= 300 || id === undefined) throw new Error(`${url}: ${res.status} ${res.text}`)
  return id
}

// Member and viewer keys of the same account, created the way an owner does.
const keyOf = async (role: 'member' | 'viewer') =>
  (
    (await call('POST', '/api/v2/keys', fixture.apiKey, { name: `${role} key`, role })).json as {
      api_key: string
    }
  ).api_key
const keys = {
  owner: fixture.apiKey,
  member: await keyOf('member'),
  viewer: await keyOf('viewer'),
  none: undefined,
}

/** The id of what a create answered with: `{id}` or the one nested object holding it (`{offer: {id}}`). */
function idIn(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const record = json as Record<string, unknown>
  if (typeof record.id === 'string' || typeof record.id === 'number') return String(record.id)
  for (const value of Object.values(record)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const id = (value as Record<string, unknown>).id
      if (typeof id === 'string' || typeof id === 'number') return String(id)
    }
  }
  return undefined
}

// Valid resources to write over, and valid bodies to mutate one field of.
const offerId = await created('/api/v2/offers', {
  name: 'Fuzz offer',
  tracking_url: 'https://trk.example/c?sub1={{click_id}}',
})
const audienceBody = {
  name: 'Fuzz audience',
  filter: {
    operator: 'AND',
    conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
  },
}
const audienceId = await created('/api/v2/audiences', audienceBody)
const creativeBody = {
  name: 'Fuzz creative',
  message: 'Deals {{link1}}',
  offer_links: [{ key: 'link1', offer_id: offerId }],
}
const scheduleBody = {
  name: 'Fuzz schedule',
  send_type: 'blast',
  is_repeating: false,
  send_time: '09:30',
  send_date: '2030-11-27',
  status: 'draft',
  audiences: [audienceId],
  sending_list_id: fixture.listId,
  blasts: [
    { message: 'Deals {{link1}}', offer_links: [{ key: 'link1', offer_id: offerId }], percent_audience: 100 },
  ],
}
const offerBody = { name: 'Fuzz offer', tracking_url: 'https://trk.example/c?sub1={{click_id}}', payout: 5 }
const contactBody = { phone_number: '+12015550142', list_id: fixture.listId, first_name: 'Fuzz' }

const ids = new Map<string, string[]>([
  ['/api/v2/offers', [offerId]],
  ['/api/v2/audiences', [audienceId]],
  ['/api/v2/creatives', [await created('/api/v2/creatives', creativeBody)]],
  ['/api/v2/schedules', [await created('/api/v2/schedules', scheduleBody)]],
  ['/api/v2/lists', [String(fixture.listId)]],
])
const seeds: Record<string, Record<string, unknown>[]> = {
  'POST /api/v2/offers': [offerBody],
  'PUT /api/v2/offers/{id}': [offerBody],
  'POST /api/v2/audiences': [audienceBody],
  'PUT /api/v2/audiences/{id}': [audienceBody],
  'POST /api/v2/creatives': [creativeBody],
  'PUT /api/v2/creatives/{id}': [creativeBody],
  'POST /api/v2/schedules': [scheduleBody],
  'PUT /api/v2/schedules/{id}': [scheduleBody],
  'POST /api/v2/contacts': [contactBody],
  'PUT /api/v2/contacts': [contactBody],
  // Partial updates of the account's settings: each field alone.
  'PUT /api/v2/tracking/settings': [{}],
  'PUT /api/v2/ml/settings': [{}],
  'PUT /api/v2/postbacks/allowlist': [{}],
}

const doc = (await call('GET', '/docs/json', undefined)).json as Parameters<typeof operationsOf>[0]
/** Operations answering a stream that stays open (server-sent events): fuzzed on their own, below. */
const streams = (op: Operation) => {
  const item = doc.paths[op.path]?.[op.method.toLowerCase()] as
    | { responses?: Record<string, { content?: Record<string, unknown> }> }
    | undefined
  return Object.hasOwn(item?.responses?.['200']?.content ?? {}, 'text/event-stream')
}
const operations = operationsOf(doc).filter((op) => !streams(op))
const streaming = operationsOf(doc).filter(streams)
const gets = operations.filter((op) => op.method === 'GET')
// The keys read every list afterwards; the session's own routes answer only a signed-in browser.
const lists = gets.filter(
  (op) => op.pathParams.length === 0 && !op.queryParams.some((p) => p.required) && !op.sessionOnly,
)

interface Failure {
  request: string
  status: number
  reason: string
  body: string
}

/** Sends one case; returns the failures it shows (its own answer, then the reads after an accepted write). */
async function runCase(c: RequestCase): Promise<Failure[]> {
  const url = urlOf(c, (collection) => ids.get(collection) ?? [])
  const headers: Record<string, string> = {}
  const key = keys[c.key]
  if (key) headers['x-api-key'] = key
  let body: string | undefined
  if (c.body.kind === 'json') {
    body = toJsonText(c.body.value)
    headers['content-type'] = c.body.contentType
  } else if (c.body.kind === 'raw') {
    body = c.body.text
    if (c.body.contentType) headers['content-type'] = c.body.contentType
  }
  const label = `${c.op.method} ${url.slice(0, 200)} [${c.key}${c.seedField ? ` ${c.seedField}` : ''}]`
  let status = 0
  let text = ''
  // One retry when the socket was reset: a kept-alive connection the server closed as it was reused.
  for (let attempt = 1; status === 0; attempt++) {
    try {
      const res = await fetch(`${platform.apiUrl}${url}`, {
        method: c.op.method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(20_000),
      })
      status = res.status
      text = await res.text()
    } catch (err) {
      const cause = String((err as { cause?: unknown }).cause ?? '')
      if (attempt === 1 && cause.includes('ECONNRESET')) continue
      return [
        { request: label, status: 0, reason: `no answer: ${(err as Error).message} ${cause}`, body: '' },
      ]
    }
  }
  const excerpt = text.slice(0, EXCERPT)
  if (status >= 500) return [{ request: label, status, reason: '5xx', body: excerpt }]
  if (status >= 400) {
    let code: unknown
    try {
      code = (JSON.parse(text) as { code?: unknown }).code
    } catch {}
    if (typeof code !== 'string' || code === '')
      return [{ request: label, status, reason: '4xx without a code', body: excerpt }]
    if (text.length > 4_096)
      return [{ request: label, status, reason: `error body of ${text.length} bytes`, body: excerpt }]
    return []
  }
  if (c.op.method === 'GET' || status >= 300) return []
  let createdId: string | undefined
  if (c.op.method === 'POST') {
    try {
      createdId = idIn(JSON.parse(text))
    } catch {}
    const collection = c.op.path
    if (createdId !== undefined && ids.has(collection)) ids.get(collection)!.push(createdId)
    else if (createdId !== undefined && gets.some((g) => g.path.startsWith(`${collection}/{`))) {
      ids.set(collection, [createdId])
    }
  }
  const failures: Failure[] = []
  for (const read of readsAfterWrite(c, url, gets, createdId)) {
    const res = await call('GET', read, keys.owner)
    reads++
    if (res.status !== 200) {
      failures.push({
        request: `${label} then GET ${read}`,
        status: res.status,
        reason: 'accepted write does not read back',
        body: res.text.slice(0, EXCERPT),
      })
    }
  }
  return failures
}

let requests = 0
let reads = 0

/** `runs` cases: with `sweep`, every seeded write's fields swept first, then generated cases (seeded writes ×3). */
async function fuzz(seed: number, runs: number, sweep: boolean): Promise<Failure[]> {
  const seedsOf = (op: Operation) => seeds[`${op.method} ${op.path}`] ?? []
  const swept = sweep ? operations.flatMap((op) => sweepCases(op, seedsOf(op))) : []
  const arbitrary = fc.oneof(
    ...operations.map((op) => ({
      arbitrary: requestCaseArbitrary(op, seedsOf(op)),
      weight: seedsOf(op).length > 0 ? 3 : 1,
    })),
  )
  const cases = [...swept, ...fc.sample(arbitrary, { seed, numRuns: Math.max(0, runs - swept.length) })]
  const failures: Failure[] = []
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!
      requests++
      failures.push(...(await runCase(c)))
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  // Every list still reads, whatever the run stored.
  for (const list of lists) {
    const res = await call('GET', list.path, keys.owner)
    if (res.status !== 200) {
      failures.push({
        request: `GET ${list.path}`,
        status: res.status,
        reason: 'list unreadable after the run',
        body: res.text.slice(0, EXCERPT),
      })
    }
  }
  return failures
}

function report(failures: Failure[]): string {
  const byKind = new Map<string, Failure[]>()
  for (const f of failures) {
    const kind = `${f.reason} ${f.status} ${f.request.split(' ')[0]} ${f.request.split(' ')[1]?.split('?')[0]}`
    byKind.set(kind, [...(byKind.get(kind) ?? []), f])
  }
  return [...byKind.values()]
    .map(
      (group) =>
        `${group.length}× ${group[0]!.reason} ${group[0]!.status}: ${group[0]!.request}\n    ${group[0]!.body}`,
    )
    .join('\n')
}

const envSeed = process.env.FUZZ_SEED
const randomSeed = envSeed ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31)
const randomRuns = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : RANDOM_RUNS

t.test(
  `fixed seed ${FIXED_SEED}: ${FIXED_RUNS} requests (each field of each seeded write swept, then generated), no 5xx, coded 4xx, writes read back`,
  async (t) => {
    const started = Date.now()
    const before = requests
    const failures = await fuzz(FIXED_SEED, FIXED_RUNS, true)
    t.comment(
      `${requests - before} requests, ${reads} reads after writes, ${operations.length} operations, ${Date.now() - started} ms`,
    )
    t.ok(requests - before >= 5_000, 'at least 5,000 fuzzed requests')
    t.same(failures.length, 0, `fixed seed ${FIXED_SEED}:\n${report(failures)}`)
  },
)

t.test(`random seed ${randomSeed}: ${randomRuns} more requests`, async (t) => {
  const failures = await fuzz(randomSeed, randomRuns, false)
  t.same(
    failures.length,
    0,
    `replay with FUZZ_SEED=${randomSeed} FUZZ_RUNS=${randomRuns}:\n${report(failures)}`,
  )
})

t.test('ingest: unknown POST paths, oversized forms, NUL and deep JSON answer coded 4xx', async (t) => {
  const ingest = (path: string, init: RequestInit = {}) =>
    fetch(`${platform.ingestUrl}${path}`, { redirect: 'manual', ...init })
  for (const path of ['/api/nothing', '/api/postbacks/everflow/extra', '/a/b/c']) {
    const res = await ingest(path, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    })
    t.equal(res.status, 404, path)
    t.match(await res.json(), { code: 'not_found' }, `${path}: JSON with a code, not the link page`)
  }
  const postback = await ingest(`/conv?link_id=abc&txn_id=${encodeURIComponent('t\u0000x')}&revenue=1`)
  t.equal(postback.status, 400, 'NUL in a postback parameter')
  t.match(await postback.json(), { code: 'validation_error' })
  const deep = await ingest('/api/postbacks/everflow', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  })
  t.same([deep.status, ((await deep.json()) as { code: string }).code], [400, 'invalid_json'])
})

t.test('api: the hostile inputs of issue 12 answer coded 4xx with short bodies', async (t) => {
  const cases: [string, string, unknown][] = [
    ['POST', '/api/v2/auth/password-reset', { email: 'a\u0000@example.test' }],
    ['GET', '/api/v2/messages/%00', undefined],
    ['GET', '/api/v2/offers?page=1e20', undefined],
    ['GET', '/api/v2/lists/18446744073709551616', undefined],
    ['POST', '/api/v2/contacts', { phone_number: '+12015550100', first_name: '\ud800' }],
    ['POST', '/api/v2/offers', { name: 'x'.repeat(1 << 20), tracking_url: 'https://e.example/' }],
  ]
  for (const [method, url, body] of cases) {
    const res = await call(
      method,
      url,
      method === 'POST' && url.includes('auth') ? undefined : keys.owner,
      body,
    )
    t.ok(res.status >= 400 && res.status < 500, `${method} ${url}: ${res.status}`)
    t.type((res.json as { code?: unknown })?.code, 'string', `${method} ${url}: coded`)
    t.ok(res.text.length < 1_024, `${method} ${url}: ${res.text.length}-byte body`)
  }
  const deep = await fetch(`${platform.apiUrl}/api/v2/contacts`, {
    method: 'POST',
    headers: { 'x-api-key': keys.owner, 'content-type': 'application/json' },
    body: `{"phone_number":"+12015550100","custom_fields":{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}}`,
  })
  t.same([deep.status, ((await deep.json()) as { code: string }).code], [400, 'invalid_json'], '5,000 deep')
})

t.test('the live stream: fuzzed requests answer a coded 4xx or open the stream, never a 5xx', async (t) => {
  t.ok(streaming.length >= 1, 'the SSE operation is in the document')
  const cases = streaming.flatMap((op) =>
    fc.sample(requestCaseArbitrary(op, []), { seed: FIXED_SEED, numRuns: 150 }),
  )
  const failures: Failure[] = []
  let opened = 0
  for (const c of cases) {
    const url = urlOf(c, () => [])
    const key = keys[c.key]
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), 10_000)
    try {
      const res = await fetch(`${platform.apiUrl}${url}`, {
        headers: key ? { 'x-api-key': key } : {},
        signal: abort.signal,
      })
      if (res.status === 200) {
        opened++
        if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
          failures.push({ request: url, status: 200, reason: 'not an event stream', body: '' })
        }
      } else {
        const text = await res.text()
        let code: unknown
        try {
          code = (JSON.parse(text) as { code?: unknown }).code
        } catch {}
        if (res.status >= 500 || typeof code !== 'string') {
          failures.push({
            request: url,
            status: res.status,
            reason: 'uncoded or 5xx',
            body: text.slice(0, EXCERPT),
          })
        }
      }
    } catch (err) {
      failures.push({ request: url, status: 0, reason: `no answer: ${(err as Error).message}`, body: '' })
    } finally {
      clearTimeout(timer)
      abort.abort()
    }
  }
  t.comment(`${cases.length} stream requests, ${opened} opened and closed`)
  t.same(failures.length, 0, report(failures))
})
