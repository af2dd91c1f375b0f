// Schedule runs expanding large audiences (spec §9) over the real Postgres and Redis, under a manual clock: variant
// shares follow percent_audience on 10k contacts and are stable on re-run; a run killed mid-expansion (a real
// process, SIGKILLed) resumes without sending anyone twice; the automated share is chosen by the ML selector and
// recorded with its reasons. Who is sent a message and when is in campaigns.test.ts; the shared setup is in
// test/harness/campaigns.ts.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { ManualClock } from '../../core/clock.js'
import { repoRoot } from '../../lib/paths.js'
import { runDueSchedules } from '../../services/campaigns.js'
import { campaignHarness, freshContacts } from '../harness/campaigns.js'
import { eventually } from '../harness/platform.js'
import { readStackEnv } from '../harness/stack.js'

const harness = await campaignHarness(t)
const { h, pool, queue } = harness
const { campaignContext, addContacts, everyoneAudience, createSchedule, messagesOf, progress } = harness

t.test('variant shares follow percent_audience on 10k contacts and are stable on re-run', async (t) => {
  const account = await h.account()
  const n = 10_000
  await addContacts(account, freshContacts('646', n))
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

t.test('a run killed mid-expansion resumes without sending anyone twice', async (t) => {
  const account = await h.account()
  const n = 6_000
  await addContacts(account, freshContacts('917', n))
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

t.test('the automated share is chosen by the ML selector, recorded with its reasons', async (t) => {
  const account = await h.account()
  const n = 1_000
  await addContacts(account, freshContacts('718', n))
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
