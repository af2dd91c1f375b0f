// The setup both bandit-stats test files share: a platform, two accounts, keys, creatives, messages and selections.
import type { ContactContext } from '../../core/bandit.js'
import { withTransaction } from '../../lib/postgres.js'
import { createApiKey } from '../../services/accounts.js'
import { recordSelections } from '../../services/bandit.js'
import { createFixture, dispatchQueue, type Fixture, startTestPlatform, type Teardown } from './platform.js'

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
export type Reply = { status: number; body: any }

/**
 * A platform of its own with `fixture` (the account under test) and `other`, their creatives (A, B, a one_time, a
 * paused and the other account's), messages m1…m4 and mo, and the selections recorded for them.
 */
export async function banditStatsHarness(t: Teardown) {
  const platform = await startTestPlatform(t)
  const fixture = await createFixture(platform, platform.ingestUrl)
  const other = await createFixture(platform, platform.ingestUrl)
  const queue = dispatchQueue(t, platform)
  const { pool, db } = platform.deps.postgres.acquire()
  const { producer, kafka } = platform.deps.kafka.acquire()
  t.teardown(async () => {
    await platform.deps.kafka.release()
    await platform.deps.postgres.release()
  })
  const viewerKey = await createApiKey(db, fixture.accountId, 'viewer key', null, 'viewer')
  const memberKey = await createApiKey(db, fixture.accountId, 'member key', null, 'member')

  async function api(method: string, path: string, key: string, body?: unknown): Promise<Reply> {
    const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: await res.json() }
  }

  async function creative(f: Fixture, name: string, extra: Record<string, unknown> = {}): Promise<number> {
    const res = await api('POST', '/creatives', f.apiKey, {
      name,
      message: `${name}: {{link1}}`,
      offer_links: [{ key: 'link1', offer_id: f.offerId }],
      ...extra,
    })
    if (res.status !== 201) throw new Error(`creative: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body.creative.id
  }

  const A = await creative(fixture, 'Alpha')
  const B = await creative(fixture, 'Bravo')
  const oneTime = await creative(fixture, 'Charlie', { creative_type: 'one_time' })
  const paused = await creative(fixture, 'Delta', { status: 'paused' })
  const foreign = await creative(other, 'Echo')

  const ctx1: ContactContext = { carrier: 'verizon', line_type: 'mobile', tz_band: 'eastern', recency: '7d' }
  const ctx2: ContactContext = { carrier: 'att', line_type: 'mobile', tz_band: 'pacific', recency: 'never' }

  const m1 = await fixture.createMessage() // creative A, ctx1: the real path
  const m2 = await fixture.createMessage() // creative A, ctx2
  const m3 = await fixture.createMessage() // creative B, ctx1: only a bot clicks
  const m4 = await fixture.createMessage() // no selection: never counted
  const mo = await other.createMessage() // the other account's creative

  const candidates = [
    { creative_id: A, offer_id: fixture.offerId, score: 0.04, ctr: 0.2, cvr: 0.02, value: 10 },
    { creative_id: B, offer_id: fixture.offerId, score: 0.01, ctr: 0.05, cvr: 0.02, value: 10 },
  ]
  const selected = (creativeId: number, context: ContactContext) => ({
    creativeId,
    offerId: fixture.offerId,
    score: 0.04,
    mode: 'thompson_single_step' as const,
    context,
    candidates,
  })
  await withTransaction(pool, (client) =>
    recordSelections(client, [
      {
        messageId: m1.messageId,
        accountId: fixture.accountId,
        selection: selected(A, ctx1),
        creativeId: A,
        offerId: fixture.offerId,
        mode: 'thompson_single_step',
        context: ctx1,
      },
      {
        messageId: m2.messageId,
        accountId: fixture.accountId,
        selection: selected(A, ctx2),
        creativeId: A,
        offerId: fixture.offerId,
        mode: 'thompson_single_step',
        context: ctx2,
      },
      {
        messageId: m3.messageId,
        accountId: fixture.accountId,
        selection: null,
        creativeId: B,
        offerId: fixture.offerId,
        mode: 'control',
        context: ctx1,
      },
      {
        messageId: mo.messageId,
        accountId: other.accountId,
        selection: null,
        creativeId: foreign,
        offerId: other.offerId,
        mode: 'control',
        context: ctx2,
      },
    ]),
  )
  // A message keeps its first selection.
  await withTransaction(pool, (client) =>
    recordSelections(client, [
      {
        messageId: m1.messageId,
        accountId: fixture.accountId,
        selection: null,
        creativeId: B,
        offerId: null,
        mode: 'control',
        context: {},
      },
    ]),
  )

  return {
    platform,
    fixture,
    other,
    queue,
    pool,
    producer,
    kafka,
    viewerKey,
    memberKey,
    api,
    creative,
    A,
    B,
    oneTime,
    paused,
    foreign,
    ctx1,
    m1,
    m2,
    m3,
    m4,
    mo,
    candidates,
  }
}
