// Step results and error classification: what a thrown error says about the event (transient, permanent,
// systemic), the reason text a dead letter carries, and the retry backoff.
import fc from 'fast-check'
import t from 'tap'
import { classifyError, errorText, namedStep, retryDelayMs, StepError } from '../../core/step-result.js'

const pgError = (code: string, message: string) =>
  Object.assign(new Error(message), { code, severity: 'ERROR' })
const chError = (code: string, type: string, message: string) =>
  Object.assign(new Error(message), { code, type })
const sysError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:55432`), { code })

t.test('Postgres errors by SQLSTATE class', async (t) => {
  const cases: [string, string, string][] = [
    ['22003', 'value out of range for type integer', 'permanent'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00', 'permanent'],
    ['22P02', 'invalid input syntax for type numeric', 'permanent'],
    ['23505', 'duplicate key value violates unique constraint', 'permanent'],
    ['21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', 'permanent'],
    ['40001', 'could not serialize access due to concurrent update', 'transient'],
    ['40P01', 'deadlock detected', 'transient'],
    ['08006', 'connection failure', 'transient'],
    ['53300', 'sorry, too many clients already', 'transient'],
    ['57014', 'canceling statement due to statement timeout', 'transient'],
    ['57P01', 'terminating connection due to administrator command', 'transient'],
    ['55P03', 'could not obtain lock on row', 'transient'],
    ['42P01', 'relation "consumer_watermarks" does not exist', 'systemic'],
    ['42703', 'column "carrier" does not exist', 'systemic'],
    ['28P01', 'password authentication failed', 'systemic'],
    ['3D000', 'database "trackly" does not exist', 'systemic'],
  ]
  for (const [code, message, expected] of cases)
    t.equal(classifyError(pgError(code, message)), expected, code)
})

t.test('ClickHouse errors by exception name', async (t) => {
  t.equal(
    classifyError(chError('27', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 'Cannot parse input')),
    'permanent',
  )
  t.equal(classifyError(chError('321', 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE', 'out of range')), 'permanent')
  t.equal(classifyError(chError('53', 'TYPE_MISMATCH', 'type mismatch')), 'permanent')
  t.equal(classifyError(chError('159', 'TIMEOUT_EXCEEDED', 'Timeout exceeded')), 'transient')
  t.equal(classifyError(chError('241', 'MEMORY_LIMIT_EXCEEDED', 'Memory limit')), 'transient')
  t.equal(classifyError(chError('252', 'TOO_MANY_PARTS', 'Too many parts')), 'transient')
  t.equal(classifyError(chError('60', 'UNKNOWN_TABLE', 'Table trackly.sends does not exist')), 'systemic')
  t.equal(classifyError(chError('16', 'NO_SUCH_COLUMN_IN_TABLE', 'no column')), 'systemic')
})

t.test('network failures, driver messages, kafkajs and our own throws', async (t) => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET'])
    t.equal(classifyError(sysError(code)), 'transient', code)
  t.equal(
    classifyError(new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')])),
    'transient',
    'happy eyeballs: every address refused',
  )
  t.equal(classifyError(new Error('Connection terminated unexpectedly')), 'transient')
  t.equal(classifyError(new Error('timeout exceeded when trying to connect')), 'transient')
  t.equal(
    classifyError(
      Object.assign(new Error('There is no leader'), { retriable: true, type: 'LEADER_NOT_AVAILABLE' }),
    ),
    'transient',
    'a retriable kafkajs error',
  )
  t.equal(classifyError(new TypeError("Cannot read properties of undefined (reading 'listId')")), 'permanent')
  t.equal(classifyError(new RangeError('Invalid time value')), 'permanent')
  t.equal(classifyError('a string was thrown'), 'permanent')
  t.equal(classifyError(null), 'permanent')
})

t.test('a named step keeps the cause for classification and names itself in the reason', async (t) => {
  const err = await namedStep('contact-activity', async () => {
    throw pgError('22003', 'value out of range for type integer')
  }).catch((e: unknown) => e)
  t.ok(err instanceof StepError)
  t.equal(classifyError(err), 'permanent')
  t.equal(errorText(err), 'contact-activity: 22003 value out of range for type integer')
  const nested = await namedStep('sends', () =>
    namedStep('contact-activity', () => Promise.reject(err)),
  ).catch((e: unknown) => e)
  t.equal(
    errorText(nested),
    'contact-activity: 22003 value out of range for type integer',
    'innermost name kept',
  )
  t.equal(await namedStep('x', async () => 7), 7, 'a value passes through')
})

t.test('reasons are one line and bounded', async (t) => {
  t.equal(
    errorText(chError('27', 'CANNOT_PARSE_INPUT', 'Cannot\n  parse\tinput')),
    '27 CANNOT_PARSE_INPUT Cannot parse input',
  )
  t.equal(errorText(pgError('22003', 'x'.repeat(5_000))).length, 1_000)
  t.match(errorText(new AggregateError([sysError('ECONNREFUSED')])), /ECONNREFUSED/)
})

t.test('backoff: doubles from the base, capped, jittered within [half, full]', async (t) => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 }
  t.same(
    [1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, policy, () => 1)),
    [100, 200, 400, 800, 1_600, 2_000],
  )
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
      const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
      const delay = retryDelayMs(attempt, policy, () => r)
      return delay >= Math.floor(full / 2) && delay <= full
    }),
  )
})
