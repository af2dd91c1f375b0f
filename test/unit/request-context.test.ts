// Request ids: a caller's sane X-Request-Id is kept, anything else replaced; within a request's work every log
// line, job and Kafka record carries it, whichever function wrote it.
import type { IncomingMessage } from 'node:http'
import { Writable } from 'node:stream'
import t from 'tap'
import { createLogger } from '../../lib/logger.js'
import {
  continuingRequest,
  currentRequestId,
  requestIdOf,
  tagJobsWithRequestId,
  withRequestId,
} from '../../lib/request-context.js'

const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test("the caller's id when it is a plain token, else a new UUID", async (t) => {
  t.equal(requestIdOf(req('abc-123_X.y:z')), 'abc-123_X.y:z')
  t.match(requestIdOf(req()), UUID)
  for (const bad of ['', 'a b', 'x\ny', '"quoted"', 'é', 'a'.repeat(129)])
    t.match(requestIdOf(req(bad)), UUID, bad)
  t.not(requestIdOf(req()), requestIdOf(req()), 'each new one differs')
})

t.test('log lines written during a request carry its id, and only those', async (t) => {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)))
      done()
    },
  })
  const log = createLogger({ logLevel: 'info' }, { destination })
  log.info('outside')
  await withRequestId('r-1', async () => {
    await new Promise((r) => setTimeout(r, 1))
    log.child({ component: 'x' }).info('inside, after an await, from a child')
  })
  log.child({ requestId: 'bound' }).info('already bound')
  await new Promise((r) => setImmediate(r))
  t.equal(lines.length, 3)
  t.notOk('requestId' in lines[0]!)
  t.equal(lines[1]!.requestId, 'r-1')
  t.equal(lines[2]!.requestId, 'bound')
  t.equal(JSON.stringify(lines[2]).match(/requestId/g)?.length, 1, 'never written twice')
})

t.test('jobs added during a request carry its id; their processing continues it', async (t) => {
  const added: { name: string; data: object }[] = []
  const queue = tagJobsWithRequestId({
    async add(name: string, data: { n: number }) {
      added.push({ name, data })
    },
    async addBulk(jobs: { name: string; data: { n: number } }[]) {
      added.push(...jobs)
    },
  })
  await queue.add('a', { n: 1 })
  await withRequestId('r-2', async () => {
    await queue.add('b', { n: 2 })
    await queue.addBulk([{ name: 'c', data: { n: 3 } }])
  })
  t.same(added, [
    { name: 'a', data: { n: 1 } },
    { name: 'b', data: { n: 2, requestId: 'r-2' } },
    { name: 'c', data: { n: 3, requestId: 'r-2' } },
  ])
  const seen: (string | undefined)[] = []
  const process = continuingRequest(async (_job: { data: object }) => {
    seen.push(currentRequestId())
  })
  await process({ data: { requestId: 'r-2' } })
  await process({ data: {} })
  t.same(seen, ['r-2', undefined])
})
