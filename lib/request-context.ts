// Request ids: every HTTP request has one (the caller's `X-Request-Id` when it is a sane token, else a new UUID),
// echoed in the response. Within an api request it is also in an AsyncLocalStorage, so every log line, BullMQ job
// and Kafka event the request causes carries it without being handed down by each function on the way.
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const REQUEST_ID_HEADER = 'x-request-id'
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/

const context = new AsyncLocalStorage<{ requestId: string }>()

/** Fastify's `genReqId`: the caller's id when it is a plain token (never a log-injection vector), else a UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID()
}

/** The id of the request whose work is running now, if any. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId
}

/** Runs `fn` (and everything it starts) as part of request `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn)
}

/** Job data with the current request's id, when there is one. */
export function tagWithRequestId<T extends object>(data: T): T & { requestId?: string } {
  const requestId = currentRequestId()
  return requestId === undefined ? data : { ...data, requestId }
}

interface TaggableQueue<D> {
  add(name: string, data: D, opts?: unknown): Promise<unknown>
  addBulk(jobs: { name: string; data: D; opts?: unknown }[]): Promise<unknown>
}

/** Makes every job added to `queue` during a request carry that request's id (`data.requestId`). */
export function tagJobsWithRequestId<D extends object, Q extends TaggableQueue<D>>(queue: Q): Q {
  const add = queue.add.bind(queue)
  const addBulk = queue.addBulk.bind(queue)
  queue.add = (name, data, opts) => add(name, tagWithRequestId(data), opts)
  queue.addBulk = (jobs) => addBulk(jobs.map((job) => ({ ...job, data: tagWithRequestId(job.data) })))
  return queue
}

/** A BullMQ processor that runs each job as part of the request that queued it (its `data.requestId`). */
export function continuingRequest<J extends { data: object }, A extends unknown[], R>(
  process: (job: J, ...rest: A) => Promise<R>,
): (job: J, ...rest: A) => Promise<R> {
  return (job, ...rest) => {
    const requestId = (job.data as { requestId?: unknown }).requestId
    return typeof requestId === 'string'
      ? withRequestId(requestId, () => process(job, ...rest))
      : process(job, ...rest)
  }
}
