// The live layer of the dashboard (issue 14): one Redis Stream per account. The processors append compact live
// events to it once the events' writes are in (so a refetch of the overview already sees them); the API reads the
// newest ones (the feed) and follows it with blocking reads (the SSE stream), resuming after a stream id.
//
// Exactly once per Kafka record: a processor publishes a batch's entries in one script that skips offsets at or
// below the partition's published watermark, so a batch redelivered after a crash adds nothing twice.
import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { AppError } from '../core/errors.js'
import {
  compareStreamIds,
  LIVE_EVENT_TYPES,
  type LiveEntry,
  type LiveEvent,
  type LiveEventType,
  newestPerAccount,
} from '../core/live.js'
import { ConcurrencyCap, type Slot } from '../lib/concurrency-cap.js'

/** Entries an account's stream keeps (approximately: trimmed whole nodes at a time). */
export const LIVE_STREAM_MAXLEN = 3_000
/** An account's stream is dropped after this long without an event. */
export const LIVE_STREAM_TTL_SECONDS = 7 * 86_400
/** Streams one account may hold open at once (each holds a Redis connection). */
export const LIVE_STREAMS_PER_ACCOUNT = 20
/** A stream's slot is renewed at every heartbeat; a process that dies holding one frees it after this. */
const STREAM_LEASE_MS = 60_000
/** How long a processor waits for Redis before it lets a batch's live events go (the numbers are already in). */
const PUBLISH_TIMEOUT_MS = 2_000

export const liveStreamKey = (keyPrefix: string, accountId: string): string =>
  `${keyPrefix}trk:live:${accountId}`

// KEYS[1]: watermark hash; KEYS[2..]: the stream of each entry. ARGV[1]: the partition's field, ARGV[2]: maxlen,
// ARGV[3]: TTL in seconds; then offset and payload of each entry, in the order of KEYS[2..].
const PUBLISH = `
local mark = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
local top = mark
local added = 0
for i = 2, #KEYS do
  local offset = tonumber(ARGV[2 + (i - 1) * 2])
  if offset > mark then
    redis.call('XADD', KEYS[i], 'MAXLEN', '~', ARGV[2], '*', 'd', ARGV[3 + (i - 1) * 2])
    redis.call('EXPIRE', KEYS[i], ARGV[3])
    added = added + 1
    if offset > top then top = offset end
  end
end
if top > mark then
  redis.call('HSET', KEYS[1], ARGV[1], top)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
end
return added
`

export class LivePublisher {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly log: Logger,
  ) {}

  /**
   * Appends a processed batch's entries to their accounts' streams, once per source offset. Never throws and
   * never holds the batch long: live events are notices, the numbers are in ClickHouse and Postgres already.
   */
  async publish(source: { topic: string; partition: number }, batch: readonly LiveEntry[]): Promise<void> {
    if (batch.length === 0) return
    const entries = newestPerAccount(batch, LIVE_STREAM_MAXLEN)
    const keys = [
      `${this.keyPrefix}trk:live:published`,
      ...entries.map((e) => liveStreamKey(this.keyPrefix, e.accountId)),
    ]
    const args = [
      `${source.topic}:${source.partition}`,
      String(LIVE_STREAM_MAXLEN),
      String(LIVE_STREAM_TTL_SECONDS),
      ...entries.flatMap((e) => [e.offset, JSON.stringify(e.event)]),
    ]
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        this.redis.eval(PUBLISH, keys.length, ...keys, ...args),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), PUBLISH_TIMEOUT_MS)
        }),
      ])
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, topic: source.topic, events: entries.length },
        'live events not published',
      )
    } finally {
      clearTimeout(timer)
    }
  }
}

type StreamEntry = [id: string, fields: string[]]

function decodeEntry([id, fields]: StreamEntry): { id: string; event: LiveEvent } | null {
  const at = fields.indexOf('d')
  if (at < 0 || at % 2 !== 0) return null
  try {
    return { id, event: JSON.parse(fields[at + 1] ?? '') as LiveEvent }
  } catch {
    return null
  }
}

export interface LiveContext {
  redis: Redis
  /** Namespace of the Redis keys (the deployment's prefix). */
  keyPrefix: string
}

export interface LiveFeed {
  /** Newest first. */
  events: LiveEvent[]
  /** The newest position of the account's stream (whatever the filter): open the stream after it to miss nothing. */
  last_event_id: string | null
}

const FEED_PAGE = 500

/** The account's latest live events, newest first, optionally of some types only. */
export async function liveFeed(
  ctx: LiveContext,
  accountId: string,
  opts: { limit: number; types?: readonly LiveEventType[] | undefined },
): Promise<LiveFeed> {
  const key = liveStreamKey(ctx.keyPrefix, accountId)
  const wanted = new Set(opts.types && opts.types.length > 0 ? opts.types : LIVE_EVENT_TYPES)
  const events: LiveEvent[] = []
  let lastEventId: string | null = null
  let end = '+'
  // Pages back from the newest entry until the limit is met or the stream (at most MAXLEN entries) is read.
  for (let read = 0; read <= LIVE_STREAM_MAXLEN * 2; read += FEED_PAGE) {
    const page = (await ctx.redis.xrevrange(key, end, '-', 'COUNT', FEED_PAGE)) as StreamEntry[]
    if (page.length === 0) break
    lastEventId ??= page[0]![0]
    for (const entry of page) {
      const decoded = decodeEntry(entry)
      if (decoded && wanted.has(decoded.event.type)) events.push(decoded.event)
      if (events.length >= opts.limit) return { events, last_event_id: lastEventId }
    }
    if (page.length < FEED_PAGE) break
    end = `(${page[page.length - 1]![0]}`
  }
  return { events, last_event_id: lastEventId }
}

/** 429 `too_many_streams`; the route sends Retry-After. */
export class TooManyStreams extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too_many_streams',
      `This account already has ${LIVE_STREAMS_PER_ACCOUNT} live streams open; close one or retry later`,
    )
  }
}

export interface LiveStream {
  /** The position the stream reads after (the resume position, or the stream's newest entry when none). */
  readonly position: string
  /** The resume position is older than what the stream still holds: events after it were trimmed away. */
  readonly gap: boolean
  /** Entries after the position, waiting up to `blockMs`; [] when none came (time for a heartbeat). */
  next(): Promise<{ id: string; event: LiveEvent }[]>
  /** Ends a pending read, drops the connection and frees the slot. Safe to call more than once. */
  close(): Promise<void>
}

/**
 * Opens the account's stream after `after` (a stream id; undefined: from now) on a connection of its own, since
 * blocking reads hold it. At most LIVE_STREAMS_PER_ACCOUNT per account across every API process.
 */
export async function openLiveStream(
  ctx: LiveContext,
  accountId: string,
  opts: { after: string | undefined; blockMs: number; maxBatch?: number },
): Promise<LiveStream> {
  const cap = new ConcurrencyCap(ctx.redis, `${ctx.keyPrefix}trk:live:streams:`)
  const admission = await cap.tryAcquire(accountId, LIVE_STREAMS_PER_ACCOUNT, STREAM_LEASE_MS)
  if (!admission.slot) throw new TooManyStreams(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)))
  const slot: Slot = admission.slot
  const key = liveStreamKey(ctx.keyPrefix, accountId)
  let position: string
  let gap = false
  try {
    if (opts.after === undefined) {
      const newest = (await ctx.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as StreamEntry[]
      position = newest[0]?.[0] ?? '0-0'
    } else {
      position = opts.after
      gap = await trimmedAfter(ctx.redis, key, position)
    }
  } catch (err) {
    await slot.release()
    throw err
  }
  const connection = ctx.redis.duplicate()
  let closed = false
  let renewedAt = Date.now()
  return {
    get position() {
      return position
    },
    gap,
    async next() {
      if (closed) return []
      if (Date.now() - renewedAt >= opts.blockMs) {
        renewedAt = Date.now()
        await slot.renew(STREAM_LEASE_MS)
      }
      const reply = (await connection.xread(
        'COUNT',
        opts.maxBatch ?? 200,
        'BLOCK',
        opts.blockMs,
        'STREAMS',
        key,
        position,
      )) as [string, StreamEntry[]][] | null
      const entries = reply?.[0]?.[1] ?? []
      const out: { id: string; event: LiveEvent }[] = []
      for (const entry of entries) {
        position = entry[0]
        const decoded = decodeEntry(entry)
        if (decoded) out.push(decoded)
      }
      return out
    },
    async close() {
      if (closed) return
      closed = true
      connection.disconnect()
      await slot.release().catch(() => {})
    },
  }
}

/**
 * Whether entries after `position` may have been trimmed: the stream has lost entries and its oldest one is after
 * the position. (When the entries lost were all at or before the position this says so needlessly; a client
 * then refetches what it already has, which is harmless.)
 */
async function trimmedAfter(redis: Redis, key: string, position: string): Promise<boolean> {
  let info: unknown[]
  try {
    info = (await redis.xinfo('STREAM', key)) as unknown[]
  } catch {
    return false // no stream yet: nothing was trimmed
  }
  const field = (name: string) => {
    const at = info.indexOf(name)
    return at >= 0 ? info[at + 1] : undefined
  }
  const added = Number(field('entries-added') ?? 0)
  const length = Number(field('length') ?? 0)
  const first = (field('first-entry') as StreamEntry | null | undefined)?.[0]
  return added > length && first !== undefined && compareStreamIds(position, first) < 0
}
