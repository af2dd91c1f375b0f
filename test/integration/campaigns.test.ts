// Schedules run (spec §9) over the real Postgres and Redis, under a manual clock: a repeating local-time schedule
// fires once per due day per contact at 10:00 local; variant shares follow percent_audience and are stable on
// re-run; unsubscribed, invalid, in-journey and frequency-capped contacts are excluded and quiet hours defer; a
// run killed mid-expansion (a real process, SIGKILLed) resumes without sending anyone twice; progress via the API.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ManualClock } from '../../core/clock.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { instantOfLocalTime } from '../../core/quiet-hours.js'
import { repoRoot } from '../../lib/paths.js'
import { createDispatchQueue } from '../../lib/queues.js'
import type { CampaignContext } from '../../services/campaign-plan.js'
import { runDueSchedules } from '../../services/campaigns.js'
import { apiHarness, type TestAccount } from '../harness/api.js'
import { eventually, quietHoursOn } from '../harness/platform.js'
import { readStackEnv } from '../harness/stack.js'

const h = await apiHarness(t)
const pool = h.pg.pool
const queue = createDispatchQueue(h.deps.redis.acquire(), h.config.kafkaTopicPrefix)
t.teardown(async () => {
  // Jobs of runs dated weeks ahead: nobody dispatches them; leave nothing behind in Redis.
  await queue.obliterate({ force: true })
  await queue.close()
  await h.deps.redis.release()
})

function campaignContext(account: TestAccount, clock: ManualClock, pageSize = 500): CampaignContext {
  return {
    pool,
    queue,
    log: { info: () => {}, warn: () => {} },
    clock,
    pageSize,
    defaultLinkBaseUrl: 'https://trk.example',
    accountId: account.accountId,
  }
}

/** Numbers no earlier run used (contacts are global by number and the test database outlives runs). */
const numberBase = () => 1_000_000 + Math.floor(Math.random() * 8_000_000)

interface ContactSpec {
  phone: string
  timezone?: string | null
  state?: string | null
  active?: boolean
  isValid?: boolean
  inWorkflow?: boolean
}

async function addContacts(account: TestAccount, specs: ContactSpec[]): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; phone_number: string }>(
    `INSERT INTO contacts (id, account_id, phone_number, timezone, state, is_valid)
     SELECT v.id, $6, v.phone_number, v.timezone, v.state, v.is_valid
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
            AS v(id, phone_number, timezone, state, is_valid)
     ON CONFLICT (account_id, phone_number) DO UPDATE SET timezone = EXCLUDED.timezone, state = EXCLUDED.state,
                                                          is_valid = EXCLUDED.is_valid
     RETURNING id, phone_number`,
    [
      specs.map(() => newObjectId()),
      specs.map((s) => s.phone),
      specs.map((s) => (s.timezone === undefined ? 'America/New_York' : s.timezone)),
      specs.map((s) => (s.state === undefined ? 'NY' : s.state)),
      specs.map((s) => s.isValid ?? true),
      account.accountId,
    ],
  )
  const ids = new Map(rows.map((r) => [r.phone_number, r.id]))
  await pool.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, in_workflow, first_name)
     SELECT v.id, $1, $2, v.contact_id, v.active, v.in_workflow, 'Pat'
       FROM unnest($3::text[], $4::text[], $5::boolean[], $6::boolean[]) AS v(id, contact_id, active, in_workflow)`,
    [
      account.accountId,
      account.list.id,
      specs.map(() => newObjectId()),
      specs.map((s) => ids.get(s.phone)),
      specs.map((s) => s.active ?? true),
      specs.map((s) => s.inWorkflow ?? false),
    ],
  )
  return ids
}

async function everyoneAudience(account: TestAccount): Promise<string> {
  const created = await h.request('POST', '/api/v2/audiences', account.keys.owner, {
    name: `Everyone ${randomAlphanumeric(4)}`,
    filter: {
      operator: 'AND',
      conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
    },
  })
  if (created.status !== 201) throw new Error(`audience: ${JSON.stringify(created.body)}`)
  return created.body.audience.id
}

async function createSchedule(account: TestAccount, body: Record<string, unknown>): Promise<string> {
  const created = await h.request('POST', '/api/v2/schedules', account.keys.owner, {
    send_type: 'blast',
    status: 'on',
    ...body,
  })
  if (created.status !== 201) throw new Error(`schedule: ${JSON.stringify(created.body)}`)
  const id = created.body.schedule.id as string
  // Schedules dated ahead stay in the shared test database: switch them off so no later scheduler fires them.
  t.teardown(() => pool.query(`UPDATE schedules SET status = 'off' WHERE id = $1`, [id]))
  return id
}

async function messagesOf(scheduleId: string) {
  const { rows } = await pool.query<{
    id: string
    contact_id: string
    schedule_occurrence: string
    variant: string
    send_after: Date
    body: string
    status: string
  }>(
    `SELECT id, contact_id, schedule_occurrence, variant, send_after, body, status FROM messages
      WHERE schedule_id = $1 ORDER BY contact_id, schedule_occurrence`,
    [scheduleId],
  )
  return rows
}

async function progress(account: TestAccount, scheduleId: string) {
  const reply = await h.request('GET', `/api/v2/schedules/${scheduleId}/runs`, account.keys.viewer)
  if (reply.status !== 200) throw new Error(`progress: ${JSON.stringify(reply.body)}`)
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply shapes
  return reply.body.runs as Array<Record<string, any>>
}

t.test('a repeating local-time schedule fires once per due day per contact at 10:00 local', async (t) => {
  const account = await h.account()
  await pool.query(
    `UPDATE accounts SET settings = settings || '{"timezone":"America/Chicago"}' WHERE id = $1`,
    [account.accountId],
  )
  const base = numberBase()
  const people: Array<ContactSpec & { zone: string }> = [
    { phone: `+1212${base}`, timezone: 'America/New_York', state: 'NY', zone: 'America/New_York' },
    { phone: `+1312${base}`, timezone: 'America/Chicago', state: 'IL', zone: 'America/Chicago' },
    { phone: `+1303${base}`, timezone: 'America/Denver', state: 'CO', zone: 'America/Denver' },
    { phone: `+1415${base}`, timezone: 'America/Los_Angeles', state: 'CA', zone: 'America/Los_Angeles' },
    // No timezone: the account's (Chicago).
    { phone: `+1800${base}`, timezone: null, state: null, zone: 'America/Chicago' },
  ]
  const ids = await addContacts(account, people)
  const scheduleId = await createSchedule(account, {
    name: 'Local mornings',
    is_repeating: true,
    start_date: '2026-12-07',
    end_date: '2026-12-13',
    days_of_week: { monday: true, wednesday: true, friday: true },
    send_time: '10:00',
    use_local_time: true,
    audiences: [await everyoneAudience(account)],
    blasts: [{ message: 'Morning {{first_name}}', percent_audience: 100 }],
  })
  const clock = new ManualClock('2026-12-06T12:00:00Z')
  const ctx = campaignContext(account, clock)
  const stepMs = 30 * 60_000
  const firstSeen = new Map<string, number>()
  while (clock.now() < new Date('2026-12-14T18:00:00Z')) {
    await runDueSchedules(ctx)
    for (const m of await messagesOf(scheduleId))
      if (!firstSeen.has(m.id)) firstSeen.set(m.id, clock.now().getTime())
    clock.advance(stepMs)
  }
  const messages = await messagesOf(scheduleId)
  t.equal(messages.length, people.length * 3, 'three send days, one message each')
  for (const person of people) {
    const mine = messages.filter((m) => m.contact_id === ids.get(person.phone))
    t.same(
      mine.map((m) => m.schedule_occurrence),
      ['2026-12-07', '2026-12-09', '2026-12-11'],
      `${person.zone}: Monday, Wednesday, Friday`,
    )
    for (const m of mine) {
      const tenLocal = instantOfLocalTime(m.schedule_occurrence, '10:00', person.zone).getTime()
      t.equal(
        m.send_after.getTime(),
        tenLocal,
        `${person.phone} ${m.schedule_occurrence}: sent at 10:00 local`,
      )
      const queuedAt = firstSeen.get(m.id)!
      t.ok(
        queuedAt >= tenLocal && queuedAt < tenLocal + stepMs,
        `queued on the first tick after 10:00 local (${new Date(queuedAt).toISOString()})`,
      )
    }
  }
  t.match(
    messages[0]!.body,
    /^Test Brand: Morning Pat Reply stop/,
    'templates and macros applied on a US list',
  )
  const runs = await progress(account, scheduleId)
  t.same(
    runs.map((r) => [r.occurrence, r.status, r.queued]),
    [
      ['2026-12-11', 'complete', 5],
      ['2026-12-09', 'complete', 5],
      ['2026-12-07', 'complete', 5],
    ],
  )
  const { rows } = await pool.query<{ status: string }>('SELECT status FROM schedules WHERE id = $1', [
    scheduleId,
  ])
  t.equal(rows[0]!.status, 'complete', 'a finished schedule becomes complete')
})

t.test('variant shares follow percent_audience on 10k contacts and are stable on re-run', async (t) => {
  const account = await h.account()
  const base = numberBase()
  const n = 10_000
  await addContacts(
    account,
    Array.from({ length: n }, (_, i) => ({ phone: `+1646${String(base + i).padStart(7, '0')}` })),
  )
  const scheduleId = await createSchedule(account, {
    name: 'Split',
    is_repeating: false,
    send_date: '2026-12-15',
    send_time: '10:00',
    audiences: [await everyoneAudience(account)],
    blasts: [
      { message: 'A', percent_audience: 50, variant_name: 'A' },
      { message: 'B', percent_audience: 30, variant_name: 'B' },
      { message: 'C', percent_audience: 20, variant_name: 'C' },
    ],
  })
  const clock = new ManualClock('2026-12-15T15:00:00Z') // 10:00 in New York, the default account zone
  const ctx = campaignContext(account, clock, 2_000)
  const started = Date.now()
  await runDueSchedules(ctx)
  const elapsed = Date.now() - started
  const first = await messagesOf(scheduleId)
  t.equal(first.length, n, `every contact got one message (${n} in ${elapsed} ms)`)
  const shares = (rows: typeof first) => {
    const counts: Record<string, number> = {}
    for (const m of rows) counts[m.variant] = (counts[m.variant] ?? 0) + 1
    return counts
  }
  const counts = shares(first)
  // Three standard deviations of a share at n = 10,000 is at most 1.5 points.
  for (const [variant, p] of [
    ['A', 0.5],
    ['B', 0.3],
    ['C', 0.2],
  ] as const) {
    t.ok(
      Math.abs(counts[variant]! / n - p) < 0.015,
      `${variant}: ${counts[variant]} of ${n} (target ${p * 100}%)`,
    )
  }
  t.ok(
    first.every((m) => m.body.includes(`: ${m.variant} Reply`)),
    "each message carries its variant's text",
  )
  const runs = await progress(account, scheduleId)
  t.match(runs[0], {
    status: 'complete',
    targeted: n,
    queued: n,
    variants: counts,
    zones_done: 1,
    zones_total: 1,
  })

  // Re-run from scratch: the same contact gets the same variant.
  await pool.query(
    `DELETE FROM short_links WHERE message_id IN (SELECT id FROM messages WHERE schedule_id = $1)`,
    [scheduleId],
  )
  await pool.query('DELETE FROM messages WHERE schedule_id = $1', [scheduleId])
  await pool.query('DELETE FROM schedule_runs WHERE schedule_id = $1', [scheduleId])
  await pool.query(`UPDATE schedules SET status = 'on' WHERE id = $1`, [scheduleId])
  await runDueSchedules(ctx)
  const second = await messagesOf(scheduleId)
  const variantOf = new Map(first.map((m) => [m.contact_id, m.variant]))
  t.equal(second.length, n)
  t.ok(
    second.every((m) => variantOf.get(m.contact_id) === m.variant),
    'every contact kept its variant',
  )
})

t.test('exclusions by reason; quiet hours defer; frequency cap across campaigns', async (t) => {
  const account = await h.account()
  await quietHoursOn(pool, account.accountId)
  const base = numberBase()
  const phone = (area: string) => `+1${area}${base}`
  const ids = await addContacts(account, [
    { phone: phone('201') }, // A: sent to
    { phone: phone('202') }, // B: a message sent 2 hours ago (inside the 24 h cap)
    { phone: phone('203') }, // C: a message sent 30 hours ago (outside)
    { phone: phone('204'), active: false }, // D: unsubscribed
    { phone: phone('205'), isValid: false }, // E: invalid number
    { phone: phone('206'), inWorkflow: true }, // F: in a journey
    { phone: phone('207') }, // G: blocked account-wide
    { phone: phone('213'), timezone: 'America/Los_Angeles', state: 'CA' }, // H: 06:00 there: deferred
    { phone: phone('209') }, // I: another campaign's message queued an hour ago
  ])
  await pool.query(
    `INSERT INTO contact_blocks (account_id, phone_number, reason) VALUES ($1, $2, 'manual')`,
    [account.accountId, phone('207')],
  )
  const clock = new ManualClock('2026-12-16T14:00:00Z') // 09:00 New York, 06:00 Los Angeles
  const earlier = async (p: string, hoursAgo: number, status: string) => {
    const at = new Date(clock.now().getTime() - hoursAgo * 3_600_000)
    await pool.query(
      `INSERT INTO messages (id, account_id, list_id, contact_id, to_number, body, status, created_at, sent_at)
       VALUES ($1, $2, $3, $4, $5, 'Earlier', $6, $7, $8)`,
      [
        newObjectId(),
        account.accountId,
        account.list.id,
        ids.get(p),
        p,
        status,
        at,
        status === 'queued' ? null : at,
      ],
    )
  }
  await earlier(phone('202'), 2, 'delivered')
  await earlier(phone('203'), 30, 'delivered')
  await earlier(phone('209'), 1, 'queued')
  const scheduleId = await createSchedule(account, {
    name: 'Capped',
    is_repeating: false,
    send_date: '2026-12-16',
    send_time: '09:00',
    skip_within_hours: 24,
    audiences: [await everyoneAudience(account)],
    blasts: [{ message: 'Hello', percent_audience: 100 }],
  })
  await runDueSchedules(campaignContext(account, clock))
  const messages = await messagesOf(scheduleId)
  const to = new Map([...ids].map(([p, id]) => [id, p]))
  t.same(messages.map((m) => to.get(m.contact_id)).sort(), [phone('201'), phone('203'), phone('213')].sort())
  const deferred = messages.find((m) => to.get(m.contact_id) === phone('213'))!
  t.equal(deferred.send_after.toISOString(), '2026-12-16T16:00:00.000Z', 'held until 08:00 in Los Angeles')
  const onTime = messages.find((m) => to.get(m.contact_id) === phone('201'))!
  t.equal(onTime.send_after.toISOString(), '2026-12-16T14:00:00.000Z')
  const [run] = await progress(account, scheduleId)
  t.match(run, {
    status: 'complete',
    targeted: 9,
    queued: 3,
    deferred: 1,
    excluded: { unsubscribed: 2, invalid: 1, in_workflow: 1, frequency_cap: 2 },
    messages: { queued: 3 },
  })
  // A second tick of the same occurrence changes nothing.
  await runDueSchedules(campaignContext(account, clock))
  t.equal((await messagesOf(scheduleId)).length, 3)
})

t.test('a run killed mid-expansion resumes without sending anyone twice', async (t) => {
  const account = await h.account()
  const base = numberBase()
  const n = 6_000
  await addContacts(
    account,
    Array.from({ length: n }, (_, i) => ({ phone: `+1917${String(base + i).padStart(7, '0')}` })),
  )
  const scheduleId = await createSchedule(account, {
    name: 'Crash',
    is_repeating: false,
    send_date: '2026-12-17',
    send_time: '10:00',
    audiences: [await everyoneAudience(account)],
    blasts: [
      { message: 'X', percent_audience: 60, variant_name: 'X' },
      { message: 'Y', percent_audience: 40, variant_name: 'Y' },
    ],
  })
  const at = '2026-12-17T15:00:00Z'
  const stack = readStackEnv()
  // The real entry point, expanding in pages of 100 (60 page commits), killed without warning part way.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bin/trackly.ts', 'run-campaigns', '--account', account.accountId, '--at', at],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: stack.DATABASE_URL,
        REDIS_URL: stack.REDIS_URL,
        KAFKA_BROKERS: stack.KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: h.config.kafkaTopicPrefix,
        TRACKLY_DATA_DIR: mkdtempSync(join(tmpdir(), 'trackly-campaign-kill-')),
        CAMPAIGN_PAGE_SIZE: '100',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  const queuedAtKill = await eventually(
    async () => {
      const { rows } = await pool.query<{ queued: number }>(
        'SELECT queued FROM schedule_runs WHERE schedule_id = $1',
        [scheduleId],
      )
      return (rows[0]?.queued ?? 0) >= 1_500 ? rows[0]!.queued : undefined
    },
    60_000,
    'the child is part way through',
  )
  child.kill('SIGKILL')
  await once(child, 'exit')
  const { rows: mid } = await pool.query<{ status: string; queued: number }>(
    'SELECT status, queued FROM schedule_runs WHERE schedule_id = $1',
    [scheduleId],
  )
  t.equal(
    mid[0]!.status,
    'running',
    `killed mid-expansion (${mid[0]!.queued} of ${n} queued; ≥ ${queuedAtKill})`,
  )
  t.ok(mid[0]!.queued < n)

  // The dead process's Postgres session (and with it the run's advisory lock) ends when the server notices the
  // closed connection: until then a tick skips the run, as the scheduler's next minute would retry it.
  const resume = campaignContext(account, new ManualClock(at), 500)
  await eventually(async () => {
    await runDueSchedules(resume)
    const { rows } = await pool.query<{ status: string }>(
      'SELECT status FROM schedule_runs WHERE schedule_id = $1',
      [scheduleId],
    )
    return rows[0]?.status === 'complete' ? true : undefined
  }, 30_000)
  const messages = await messagesOf(scheduleId)
  t.equal(messages.length, n, 'everyone has a message')
  t.equal(new Set(messages.map((m) => m.contact_id)).size, n, 'nobody has two')
  const [run] = await progress(account, scheduleId)
  t.match(run, { status: 'complete', targeted: n, queued: n })
  t.equal(run!.variants.X + run!.variants.Y, n, 'the counters match the messages: no page counted twice')
  // Every message has a dispatch job (a page committed just before the kill got its jobs on resume).
  const jobs = await queue.getJobs(['delayed', 'waiting'])
  const withJob = new Set(jobs.flatMap((j) => j.data.messageIds))
  t.ok(
    messages.every((m) => withJob.has(m.id)),
    'every message was handed to dispatch',
  )
})

t.test('a contact who moves to a later zone between passes is not sent the occurrence twice', async (t) => {
  const account = await h.account()
  const base = numberBase()
  const mover = `+1212${base}`
  const stayer = `+1415${base}`
  const ids = await addContacts(account, [
    { phone: mover, timezone: 'America/New_York', state: 'NY' },
    { phone: stayer, timezone: 'America/Los_Angeles', state: 'CA' },
  ])
  const scheduleId = await createSchedule(account, {
    name: 'Movers',
    is_repeating: false,
    send_date: '2026-12-17',
    send_time: '10:00',
    use_local_time: true,
    audiences: [await everyoneAudience(account)],
    blasts: [{ message: 'Hello {{first_name}}', percent_audience: 100 }],
  })
  // 10:00 in New York: the first pass, New York only.
  const clock = new ManualClock('2026-12-17T15:00:00Z')
  await runDueSchedules(campaignContext(account, clock))
  t.same(
    (await messagesOf(scheduleId)).map((m) => m.contact_id),
    [ids.get(mover)],
    'New York first',
  )
  // The mover is now in Los Angeles, whose 10:00 comes later: that pass meets them again, and skips them (the
  // occurrence has messages by then, so its pages look up what their members already got).
  await pool.query(`UPDATE contacts SET timezone = 'America/Los_Angeles', state = 'CA' WHERE id = $1`, [
    ids.get(mover),
  ])
  clock.advance(3 * 3_600_000)
  await runDueSchedules(campaignContext(account, clock))
  const messages = await messagesOf(scheduleId)
  t.same(
    messages.map((m) => m.contact_id).sort(),
    [ids.get(mover), ids.get(stayer)].sort(),
    'one message each',
  )
  const [run] = await progress(account, scheduleId)
  t.equal(run!.queued, 2)
  t.equal(run!.targeted, 2, 'the mover is not counted again')
})

t.test('the automated share is chosen by the ML selector, recorded with its reasons', async (t) => {
  const account = await h.account()
  const base = numberBase()
  const n = 1_000
  await addContacts(
    account,
    Array.from({ length: n }, (_, i) => ({ phone: `+1718${String(base + i).padStart(7, '0')}` })),
  )
  const offer = await h.request('POST', '/api/v2/offers', account.keys.owner, {
    name: 'ML offer',
    tracking_url: 'https://network.example/click',
    payout: 30,
  })
  if (offer.status !== 201) throw new Error(`offer: ${JSON.stringify(offer.body)}`)
  const creativeIds: number[] = []
  for (const text of ['Option one {{link1}}', 'Option two {{link1}}']) {
    const created = await h.request('POST', '/api/v2/creatives', account.keys.owner, {
      name: text,
      message: text,
      offer_links: [{ key: 'link1', offer_id: offer.body.offer.id }],
      creative_type: 'automated',
    })
    if (created.status !== 201) throw new Error(`creative: ${JSON.stringify(created.body)}`)
    creativeIds.push(created.body.creative.id)
  }
  const scheduleId = await createSchedule(account, {
    name: 'Automated',
    send_type: 'automated',
    automated_percent: 80,
    is_repeating: false,
    send_date: '2026-12-18',
    send_time: '10:00',
    audiences: [await everyoneAudience(account)],
  })
  await runDueSchedules(campaignContext(account, new ManualClock('2026-12-18T15:00:00Z')))
  const messages = await messagesOf(scheduleId)
  t.equal(messages.length, n)
  const ml = messages.filter((m) => m.variant === 'ml').length
  t.ok(Math.abs(ml / n - 0.8) < 0.05, `${ml} of ${n} chosen by ML (80% share)`)
  t.equal(messages.filter((m) => m.variant === 'control').length, n - ml, 'the rest is the control share')
  const { rows } = await pool.query<{ mode: string; creative_id: number; n: number }>(
    `SELECT s.mode, s.creative_id, count(*)::int AS n FROM creative_selections s
       JOIN messages m ON m.id = s.message_id WHERE m.schedule_id = $1 GROUP BY 1, 2`,
    [scheduleId],
  )
  t.equal(
    rows.reduce((sum, r) => sum + r.n, 0),
    n,
    'every message has its selection recorded',
  )
  t.ok(rows.every((r) => creativeIds.includes(r.creative_id)))
  t.equal(
    rows.filter((r) => r.mode === 'control').reduce((sum, r) => sum + r.n, 0),
    n - ml,
  )
  const mlMessage = messages.find((m) => m.variant === 'ml')!
  const view = await h.request('GET', `/api/v2/messages/${mlMessage.id}`, account.keys.viewer)
  t.equal(view.status, 200)
  t.match(view.body.message.selection, { mode: 'thompson_single_step', context: { tz_band: 'eastern' } })
  t.equal(view.body.message.selection.candidates.length, 2, 'both candidates scored, for the explanation')
  t.match(mlMessage.body, /Option (one|two)/)
})

t.test(
  'audiences over several lists merge: one message per contact, from a list it is subscribed on',
  async (t) => {
    const account = await h.account()
    const { rows: lists } = await pool.query<{ id: number }>(
      `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider)
     VALUES ($1, '+18005550177', 'Second list', 'Second Brand', 'simulator') RETURNING id`,
      [account.accountId],
    )
    const second = { ...account, list: { id: lists[0]!.id, phoneNumber: '+18005550177' } }
    const base = numberBase()
    const x = `+1201${base}` // first list only
    const y = `+1202${base}` // second list only
    const z = `+1203${base}` // both: the schedule's sending list (second) is preferred
    const w = `+1205${base}` // both, unsubscribed from the second: sent from the first
    const ids = await addContacts(account, [{ phone: x }, { phone: z }, { phone: w }])
    for (const [phone, id] of await addContacts(second, [
      { phone: y },
      { phone: z },
      { phone: w, active: false },
    ]))
      ids.set(phone, id)
    const audienceOn = async (listId: number) => {
      const created = await h.request('POST', '/api/v2/audiences', account.keys.owner, {
        name: `List ${listId}`,
        source_lists: [listId],
        filter: {
          operator: 'AND',
          conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
        },
      })
      if (created.status !== 201) throw new Error(`audience: ${JSON.stringify(created.body)}`)
      return created.body.audience.id as string
    }
    const scheduleId = await createSchedule(account, {
      name: 'Two lists',
      is_repeating: false,
      send_date: '2026-12-19',
      send_time: '10:00',
      sending_list_id: second.list.id,
      audiences: [await audienceOn(account.list.id), await audienceOn(second.list.id)],
      blasts: [{ message: '{{brand_name}} news', percent_audience: 100 }],
    })
    await runDueSchedules(campaignContext(account, new ManualClock('2026-12-19T15:00:00Z'), 2))
    const { rows } = await pool.query<{ contact_id: string; list_id: number }>(
      'SELECT contact_id, list_id FROM messages WHERE schedule_id = $1',
      [scheduleId],
    )
    const fromList = new Map(rows.map((r) => [r.contact_id, r.list_id]))
    t.equal(rows.length, 4, 'four contacts, four messages (pages of 2 over two lists)')
    t.equal(fromList.get(ids.get(x)!), account.list.id)
    t.equal(fromList.get(ids.get(y)!), second.list.id)
    t.equal(fromList.get(ids.get(z)!), second.list.id, "on both lists: the schedule's sending list")
    t.equal(
      fromList.get(ids.get(w)!),
      account.list.id,
      'unsubscribed from the sending list: the list it is on',
    )
    const [run] = await progress(account, scheduleId)
    t.match(run, { targeted: 4, queued: 4, excluded: { unsubscribed: 0 } })
  },
)
