// Per-list rate limits across workers: the Redis token bucket grants atomically and never more than the list's
// rate allows, and the dispatch worker holds the rest of a batch until its tokens exist.
import t from 'tap'
import { randomAlphanumeric } from '../../core/ids.js'
import { ListRateLimiter } from '../../lib/rate-limiter.js'
import { createFixture, dispatchQueue, eventually, startTestPlatform } from '../harness/platform.js'

const platform = await startTestPlatform(t)
const redis = platform.deps.redis.acquire()
t.teardown(() => platform.deps.redis.release())
const limiter = new ListRateLimiter(redis, `t${randomAlphanumeric(6)}.`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

t.test('a bucket holds one second of tokens and refills at the list rate', async (t) => {
  const first = await limiter.take(1, 600, 25) // 10/s
  t.equal(first.granted, 10, 'a burst gets at most one second of the rate')
  t.ok(first.retryAfterMs > 0 && first.retryAfterMs <= 100, `next token in ${first.retryAfterMs} ms`)
  const before = Date.now()
  const again = await limiter.take(1, 600, 5)
  const afterAgain = Date.now()
  t.ok(again.granted <= 1, `nothing left right after (${again.granted})`)
  await sleep(500)
  const beforeLater = Date.now()
  const later = await limiter.take(1, 600, 10)
  const after = Date.now()
  // Tokens accrue at 10/s between the two takes' Redis clocks, which fall inside these windows (a loaded
  // machine can stretch the sleep, so the bounds are measured, not assumed).
  const least = Math.floor(((beforeLater - afterAgain) / 1000) * 10) - 1
  const most = Math.min(10, Math.ceil(((after - before) / 1000) * 10) + 1)
  t.ok(
    later.granted >= Math.max(1, least) && later.granted <= most,
    `${later.granted} tokens after ${beforeLater - afterAgain}–${after - before} ms at 10/s`,
  )
})

t.test('concurrent takers never get more than the bucket holds', async (t) => {
  const grants = await Promise.all(Array.from({ length: 40 }, () => limiter.take(2, 120, 1))) // 2/s, bucket of 2
  t.equal(
    grants.reduce((n, g) => n + g.granted, 0),
    2,
    'exactly the bucket, whatever the interleaving',
  )
})

t.test('the dispatch worker sends a list no faster than its rate and still sends everything', async (t) => {
  const fixture = await createFixture(platform, platform.ingestUrl)
  const pg = platform.deps.postgres.acquire()
  t.teardown(() => platform.deps.postgres.release())
  await pg.pool.query('UPDATE sending_lists SET send_rate_per_minute = 120 WHERE id = $1', [fixture.listId]) // 2/s
  const messages = await Promise.all(Array.from({ length: 6 }, () => fixture.createMessage()))
  const ids = messages.map((m) => m.messageId)
  const queue = dispatchQueue(t, platform)
  const started = Date.now()
  await queue.add('send', { messageIds: ids })
  const sentCount = async () =>
    Number(
      (
        await pg.pool.query(
          `SELECT count(*) AS n FROM messages WHERE id = ANY($1::text[]) AND sent_at IS NOT NULL`,
          [ids],
        )
      ).rows[0].n,
    )
  await sleep(700)
  const early = await sentCount()
  const elapsed = (Date.now() - started) / 1000
  // Only the upper bound: how soon the first send happens depends on the machine's load.
  t.ok(early <= 2 + Math.ceil(2 * elapsed), `${early} sent after ${elapsed.toFixed(1)} s at 2/s`)
  await eventually(async () => ((await sentCount()) === 6 ? true : undefined), 15_000, 'all six sent')
  const total = (Date.now() - started) / 1000
  t.ok(
    total >= 1.5,
    `six messages at 2/s (bucket of 2) take at least 2 s of refills (took ${total.toFixed(1)} s)`,
  )
})
