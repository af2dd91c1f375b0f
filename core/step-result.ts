// What a processing step made of one event, and what a thrown error says about the event. A step answers ok (go
// on), drop (deliberately not processed), dead_letter (this event cannot be processed: set it aside with its
// reason) or retry (not the event's fault: try again). Errors are classified by where they come from:
//   transient — the dependency hiccuped (connection refused or reset, timeouts, serialization failures, deadlocks,
//               resource limits): retried with backoff;
//   permanent — the event's data is at fault (Postgres 21xxx/22xxx/23xxx, ClickHouse parse and type errors, a
//               throw of our own code on that event): the event is dead-lettered, the rest goes on;
//   systemic  — the deployment is at fault (unknown table or column, privileges, authentication): no event is to
//               blame, so none is dead-lettered; the batch waits until the deployment is fixed.

export type StepResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'drop'; reason: string }
  | { kind: 'dead_letter'; reason: string; error?: unknown }
  | { kind: 'retry'; reason: string; error?: unknown }

export const ok = <T>(value: T): StepResult<T> => ({ kind: 'ok', value })
export const deadLetter = <T = never>(reason: string, error?: unknown): StepResult<T> => ({
  kind: 'dead_letter',
  reason,
  error,
})
export const retry = <T = never>(reason: string, error?: unknown): StepResult<T> => ({
  kind: 'retry',
  reason,
  error,
})

export type ErrorClass = 'transient' | 'permanent' | 'systemic'

/** An error thrown inside a named step: the name goes into the dead-letter reason, the cause is classified. */
export class StepError extends Error {
  constructor(
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${errorText(cause)}`)
    this.name = 'StepError'
  }
}

/** Runs `work`, naming the step in whatever it throws. */
export async function namedStep<T>(step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    throw err instanceof StepError ? err : new StepError(step, err)
  }
}

const NODE_TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
])

const SQLSTATE = /^(?:\d[0-9A-Z]|P0|XX|HV|F0)[0-9A-Z]{3}$/
// SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const PG_PERMANENT_CLASSES = new Set(['21', '22', '23', '2F', '38', '39', 'P0'])
const PG_SYSTEMIC_CLASSES = new Set(['0A', '28', '3D', '3F', '42', '44'])

// ClickHouse exception names: the server (or chdb) is overloaded, slow or unreachable …
const CH_TRANSIENT = new Set([
  'TIMEOUT_EXCEEDED',
  'SOCKET_TIMEOUT',
  'NETWORK_ERROR',
  'MEMORY_LIMIT_EXCEEDED',
  'CANNOT_ALLOCATE_MEMORY',
  'TOO_MANY_SIMULTANEOUS_QUERIES',
  'TOO_MANY_PARTS',
  'QUERY_WAS_CANCELLED',
  'ABORTED',
  'TABLE_IS_READ_ONLY',
  'ALL_CONNECTION_TRIES_FAILED',
  'NOT_ENOUGH_SPACE',
  'KEEPER_EXCEPTION',
  'UNEXPECTED_PACKET_FROM_SERVER',
])
// … or the deployment does not match the code. Any other named exception is about the data inserted.
const CH_SYSTEMIC = new Set([
  'UNKNOWN_TABLE',
  'UNKNOWN_DATABASE',
  'NO_SUCH_COLUMN_IN_TABLE',
  'UNKNOWN_IDENTIFIER',
  'SYNTAX_ERROR',
  'UNKNOWN_SETTING',
  'ACCESS_DENIED',
  'AUTHENTICATION_FAILED',
  'REQUIRED_PASSWORD',
  'READONLY',
])

// Errors without a code that drivers raise when a connection fails (pg: "Connection terminated unexpectedly",
// "timeout exceeded when trying to connect", "Client has encountered a connection error and is not queryable").
const TRANSIENT_MESSAGE =
  /connection terminated|timeout exceeded|timed out|not queryable|socket hang up|connection (?:refused|reset)/i

type ErrorShape = {
  code?: unknown
  type?: unknown
  retriable?: unknown
  errors?: unknown
  message?: unknown
}

export function classifyError(err: unknown): ErrorClass {
  if (err instanceof StepError) return classifyError(err.cause)
  if (typeof err !== 'object' || err === null) return 'permanent'
  const e = err as ErrorShape
  const code = typeof e.code === 'string' ? e.code : undefined
  if (code && NODE_TRANSIENT.has(code)) return 'transient'
  // A failed connection attempt to several addresses (Node's happy eyeballs) reports each in an AggregateError.
  if (Array.isArray(e.errors) && e.errors.length > 0) return classifyError(e.errors[0])
  // ClickHouse: a numeric code and the exception's name.
  if (typeof e.type === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.type) && code && /^\d{1,4}$/.test(code)) {
    if (CH_TRANSIENT.has(e.type)) return 'transient'
    return CH_SYSTEMIC.has(e.type) ? 'systemic' : 'permanent'
  }
  if (code && SQLSTATE.test(code)) return classifySqlState(code)
  if (e.retriable === true) return 'transient' // kafkajs
  if (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return 'transient'
  // A throw of our own code (TypeError, RangeError, …) on this event's values: it will throw again.
  return 'permanent'
}

/** Postgres, by SQLSTATE class. */
function classifySqlState(code: string): ErrorClass {
  const cls = code.slice(0, 2)
  if (PG_PERMANENT_CLASSES.has(cls)) return 'permanent'
  if (PG_SYSTEMIC_CLASSES.has(cls)) return 'systemic'
  // 08 connection, 40 serialization failure and deadlock, 53 resources, 55P03 lock timeout, 57 cancelled (statement
  // timeout) or shutting down, 58 I/O, XX internal — and any class not named above.
  return 'transient'
}

const MAX_REASON = 1_000

/** One line naming the failing step and the error (with its code), for the dead-letter record and the log. */
export function errorText(err: unknown): string {
  if (err instanceof StepError) return err.message
  if (typeof err !== 'object' || err === null) return String(err).slice(0, MAX_REASON)
  const e = err as ErrorShape
  const code = typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : ''
  const type = typeof e.type === 'string' ? e.type : ''
  const message =
    typeof e.message === 'string' && e.message
      ? e.message
      : Array.isArray(e.errors) && e.errors.length > 0
        ? errorText(e.errors[0])
        : String(err)
  const label = [code, type].filter(Boolean).join(' ')
  return `${label ? `${label} ` : ''}${message}`.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON)
}

export interface RetryPolicy {
  /** Tries of one write before it counts as failed (the first try included). */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

/** Exponential backoff with jitter: the wait after the `attempt`-th failed try (1-based), in [half, full]. */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(full / 2 + (full / 2) * random())
}
