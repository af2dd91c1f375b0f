import fc from 'fast-check'
import t from 'tap'
import { ConfigError, ROLES } from '../../core/config.js'
import { AppError, ERROR_STATUS, toErrorReply } from '../../core/errors.js'
import { loadConfig } from '../../lib/config.js'
import { splitStatements } from '../../lib/migrate.js'
import { parseSpoolFile } from '../../lib/spool.js'

t.test('config defaults run every role against the local stack', async (t) => {
  const c = loadConfig({})
  t.same(c.roles, [...ROLES])
  t.equal(c.databaseUrl, 'postgres://postgres@127.0.0.1:55432/trackly')
  t.same(c.kafkaBrokers, ['127.0.0.1:59092'])
  t.equal(c.clickhouseUrl, undefined, 'embedded ClickHouse unless CLICKHOUSE_URL is set')
  t.equal(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123' }).clickhouseUrl, 'http://ch:8123')
  t.same(loadConfig({ TRACKLY_ROLES: 'api, ingest' }).roles, ['api', 'ingest'])
})

t.test('bad configuration names every bad variable', async (t) => {
  t.throws(() => loadConfig({ API_PORT: 'abc' }), ConfigError)
  const err = t.throws(() =>
    loadConfig({ TRACKLY_ROLES: 'api,bogus', DATABASE_URL: 'mysql://x', KAFKA_TOPIC_PREFIX: 'a b' }),
  ) as Error
  t.match(err.message, /roles/)
  t.match(err.message, /databaseUrl/)
  t.match(err.message, /kafkaTopicPrefix/)
})

t.test('every error code maps to one status and a stable body', async (t) => {
  for (const [code, status] of Object.entries(ERROR_STATUS)) {
    const reply = toErrorReply(new AppError(code as keyof typeof ERROR_STATUS, 'msg'))
    t.same(reply, { status, body: { error: 'msg', code } })
  }
  t.same(toErrorReply({ validation: [{}], message: 'body/to must be string' }), {
    status: 400,
    body: { error: 'body/to must be string', code: 'validation_error' },
  })
  t.equal(toErrorReply({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }).body.code, 'payload_too_large')
})

t.test('5xx replies never carry internal error text', async () => {
  fc.assert(
    fc.property(fc.string(), fc.constantFrom(undefined, 500, 502, 503), (message, statusCode) => {
      const reply = toErrorReply(Object.assign(new Error(message), statusCode ? { statusCode } : {}))
      return (
        reply.status === 500 &&
        reply.body.error === 'Internal server error' &&
        reply.body.code === 'internal_error'
      )
    }),
  )
})

t.test('ClickHouse migration files split into statements', async (t) => {
  t.same(
    splitStatements('-- comment\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\nCREATE TABLE b (s String);\n'),
    ['CREATE TABLE a (x UInt8) ENGINE = Memory', 'CREATE TABLE b (s String)'],
  )
  t.same(splitStatements("SELECT ';' AS x"), ["SELECT ';' AS x"], 'a ; inside a line is not a separator')
})

t.test('a torn last spool line is skipped, the rest is kept', async (t) => {
  const torn: string[] = []
  const records = parseSpoolFile('["clicks","k1","v1"]\n["clicks","k2","v2"]\n["cli', (l) => torn.push(l))
  t.same(records, [
    { topic: 'clicks', key: 'k1', value: 'v1' },
    { topic: 'clicks', key: 'k2', value: 'v2' },
  ])
  t.same(torn, ['["cli'])
})

t.test('schema violations map onto the spec codes named after the field', async (t) => {
  const reply = (keyword: string, instancePath: string, params: Record<string, unknown> = {}) =>
    toErrorReply({ validation: [{ keyword, instancePath, params }], message: 'x' })
  t.same(reply('required', '', { missingProperty: 'to' }), {
    status: 400,
    body: { error: 'x', code: 'missing_to' },
  })
  t.same(reply('maxItems', '/messages'), { status: 413, body: { error: 'x', code: 'too_many_messages' } })
  t.equal(reply('maxLength', '/name').body.code, 'name_too_long')
  t.equal(reply('enum', '/status').body.code, 'invalid_status')
  t.equal(reply('type', '/revenue').body.code, 'invalid_revenue')
  t.equal(
    reply('required', '', { missingProperty: 'zzz' }).body.code,
    'validation_error',
    'unknown fields stay generic',
  )
  t.equal(reply('minLength', '/name').body.code, 'validation_error')
})
