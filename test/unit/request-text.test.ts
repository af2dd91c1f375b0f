// The text and nesting rules every request passes before a handler runs, and the error replies they lead to.
import fc from 'fast-check'
import t from 'tap'
import { AppError, MAX_ERROR_MESSAGE, toErrorReply } from '../../core/errors.js'
import {
  findUnstorableText,
  jsonDeeperThan,
  MAX_JSON_DEPTH,
  unstorableReason,
} from '../../core/request-text.js'

/** What Postgres does with text: encode it as UTF-8 into a text column, which cannot hold NUL. */
const postgresWouldStore = (s: string) =>
  !s.includes('\u0000') && Buffer.from(s, 'utf8').toString('utf8') === s

t.test('text is refused exactly when Postgres could not store it', async (t) => {
  // The property answers for itself (fast-check names a failing string): a generated string as an assertion's
  // name can hold a character that breaks the TAP line it is printed on.
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary' }),
      (s) => (unstorableReason(s) === null) === postgresWouldStore(s),
    ),
    { numRuns: 2_000 },
  )
  t.pass('2,000 generated strings: refused exactly when Postgres could not store them')
  t.equal(unstorableReason('a\u0000b'), 'contains a NUL character')
  t.equal(unstorableReason('\ud800'), 'contains an unpaired UTF-16 surrogate')
  t.equal(unstorableReason('x\udc00'), 'contains an unpaired UTF-16 surrogate')
  t.equal(unstorableReason('\ud83d\ude00 ok'), null, 'a surrogate pair is an emoji, not a lone surrogate')
})

t.test(
  'the first unstorable string is found anywhere in a value, keys included, with its path',
  async (t) => {
    t.same(findUnstorableText({ contacts: [{ name: 'ok' }, { name: 'x\u0000' }] }, 'body'), {
      at: 'body.contacts.1.name',
      reason: 'contains a NUL character',
    })
    t.same(findUnstorableText({ fields: { 'a\ud800': 1 } }, 'body'), {
      at: 'body.fields key',
      reason: 'contains an unpaired UTF-16 surrogate',
    })
    t.equal(findUnstorableText({ a: [1, true, null, 'fine', { b: '\ud83d\ude00' }] }, 'body'), null)
    t.equal(findUnstorableText(Buffer.from([0, 0xd8]), 'body'), null, 'raw bodies are their parser’s to read')
    let deep: unknown = '\u0000'
    for (let i = 0; i < 100_000; i++) deep = [deep]
    t.ok(findUnstorableText(deep, 'body'), 'iterative: 100,000 levels do not overflow the stack')
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const found = findUnstorableText(value, 'body') !== null
        const strings = (v: unknown): string[] =>
          typeof v === 'string'
            ? [v]
            : typeof v === 'object' && v !== null
              ? Object.entries(v).flatMap(([key, item]) => [key, ...strings(item)])
              : []
        t.equal(found, !strings(value).every(postgresWouldStore))
      }),
      { numRuns: 500 },
    )
  },
)

t.test('nesting depth is counted on the JSON text, brackets in strings not counted', async (t) => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`
  t.equal(jsonDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false)
  t.equal(jsonDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true)
  t.equal(jsonDeeperThan(`${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, MAX_JSON_DEPTH), true)
  t.equal(jsonDeeperThan(JSON.stringify({ a: '[[[[[[[[[[', b: '\\"[[[[' }), 3), false)
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 8 }), fc.nat(10), (value, max) => {
      const depthOf = (v: unknown): number =>
        typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0
      t.equal(jsonDeeperThan(JSON.stringify(value), max), depthOf(value) > max)
    }),
    { numRuns: 1_000 },
  )
})

t.test(
  'error replies carry a short excerpt of any message, and the limit of the route that refused a body',
  async (t) => {
    const echoed = toErrorReply(new AppError('invalid_phone', `Not a phone number: ${'9'.repeat(1 << 20)}`))
    t.equal(echoed.status, 400)
    t.ok(echoed.body.error.length <= MAX_ERROR_MESSAGE, `${echoed.body.error.length} characters`)
    t.match(echoed.body.error, /^Not a phone number: 9+…$/)
    const validation = toErrorReply({ validation: [{}], message: `body/x ${'x'.repeat(10_000)}` })
    t.ok(validation.body.error.length <= MAX_ERROR_MESSAGE)
    t.same(toErrorReply({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, 2_048).body, {
      error: 'Request body is larger than 2 KB',
      code: 'payload_too_large',
    })
    t.equal(
      toErrorReply({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, 5 * 1024 * 1024).body.error,
      'Request body is larger than 5 MB',
    )
    t.equal(
      toErrorReply({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }, 1_000).body.error,
      'Request body is larger than 1000 bytes',
    )
  },
)
