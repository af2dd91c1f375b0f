// Account settings and the audit log (issue 16) over the real app and Postgres: defaults, validation codes,
// owner-only changes, tenant isolation, the bot-filter mode shared with the tracking settings, a changed template
// and brand name reaching what a campaign run sends, and the audit log's rows, actors, paging and scope.
import t from 'tap'
import { ManualClock } from '../../core/clock.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { DEFAULT_COMPLIANCE_PREFIX, DEFAULT_COMPLIANCE_SUFFIX } from '../../core/segments.js'
import { createDispatchQueue } from '../../lib/queues.js'
import { runDueSchedules } from '../../services/campaigns.js'
import { apiHarness, type TestAccount } from '../harness/api.js'

const h = await apiHarness(t)
const pool = h.pg.pool
const SETTINGS = '/api/v2/account/settings'

const settingsOf = async (account: TestAccount) =>
  (await h.request('GET', SETTINGS, account.keys.viewer)).body

t.test('GET answers the defaults to every role; the harness turned quiet hours off', async (t) => {
  const a = await h.account()
  for (const role of ['owner', 'member', 'viewer'] as const) {
    const res = await h.request('GET', SETTINGS, a.keys[role])
    t.equal(res.status, 200, role)
    t.same(res.body, {
      brand_name: '',
      template_prefix: DEFAULT_COMPLIANCE_PREFIX,
      template_suffix: DEFAULT_COMPLIANCE_SUFFIX,
      quiet_hours: false,
      timezone: 'America/New_York',
      spam_complaint_action: 'label_only',
      bot_filter_mode: 'no_filter',
    })
  }
  t.equal((await h.request('GET', SETTINGS, undefined)).status, 401)
})

t.test('an owner changes settings; members and viewers get 403; another account is unaffected', async (t) => {
  const a = await h.account()
  const b = await h.account()
  const bBefore = await settingsOf(b)
  const change = {
    brand_name: '  Acme Deals ',
    template_prefix: '[{{brand_name}}] ',
    template_suffix: ' Txt STOP to end',
    quiet_hours: true,
    timezone: 'america/chicago',
    spam_complaint_action: 'act_as_stop',
    bot_filter_mode: 'filter',
  }
  for (const role of ['member', 'viewer'] as const) {
    const refused = await h.request('PUT', SETTINGS, a.keys[role], change)
    t.equal(refused.status, 403, role)
    t.equal(refused.body.code, 'forbidden')
  }
  const res = await h.request('PUT', SETTINGS, a.keys.owner, change)
  t.equal(res.status, 200)
  const expected = { ...change, brand_name: 'Acme Deals', timezone: 'America/Chicago' }
  t.same(res.body, { success: true, ...expected })
  t.same(await settingsOf(a), expected, 'persisted')
  t.same(await settingsOf(b), bBefore, 'account B unchanged')

  // Where the sending code reads them.
  const { rows } = await pool.query('SELECT settings, bot_filter_mode FROM accounts WHERE id = $1', [
    a.accountId,
  ])
  t.match(rows[0], {
    settings: {
      timezone: 'America/Chicago',
      messaging: { prefix: '[{{brand_name}}] ', quiet_hours: true, spam_complaint_action: 'stop' },
    },
    bot_filter_mode: 'filter',
  })

  // Partial: one field changes, the rest stay.
  const partial = await h.request('PUT', SETTINGS, a.keys.owner, { quiet_hours: false })
  t.same(partial.body, { success: true, ...expected, quiet_hours: false })
})

t.test('every malformed field answers its own 400 code, and nothing is changed', async (t) => {
  const a = await h.account()
  const before = await settingsOf(a)
  const cases: [Record<string, unknown>, string][] = [
    [{ brand_name: 'b'.repeat(51) }, 'brand_name_too_long'],
    [{ brand_name: { name: 'Acme' } }, 'invalid_brand_name'],
    [{ template_prefix: 'p'.repeat(101) }, 'template_prefix_too_long'],
    [{ template_suffix: 's'.repeat(161) }, 'template_suffix_too_long'],
    [{ template_prefix: 'Deal {{link1}}: ' }, 'invalid_template_prefix'],
    [{ template_suffix: ' {{link2}}' }, 'invalid_template_suffix'],
    [{ quiet_hours: 'sometimes' }, 'invalid_quiet_hours'],
    [{ timezone: 'Mars/Olympus' }, 'invalid_timezone'],
    [{ timezone: '+05:00' }, 'invalid_timezone'],
    [{ timezone: 'x'.repeat(200) }, 'invalid_timezone'],
    [{ timezone: { zone: 'America/Chicago' } }, 'invalid_timezone'],
    [{ spam_complaint_action: 'stop' }, 'invalid_spam_complaint_action'],
    [{ bot_filter_mode: 'preview' }, 'invalid_bot_filter_mode'],
  ]
  for (const [body, code] of cases) {
    const res = await h.request('PUT', SETTINGS, a.keys.owner, { quiet_hours: true, ...body })
    t.equal(res.status, 400, code)
    t.equal(res.body.code, code, JSON.stringify(body).slice(0, 60))
    t.type(res.body.error, 'string')
  }
  t.same(await settingsOf(a), before, 'no partial write')
})

t.test('the bot-filter mode is the one the tracking settings show and set', async (t) => {
  const a = await h.account()
  await h.request('PUT', SETTINGS, a.keys.owner, { bot_filter_mode: 'filter' })
  t.equal((await h.request('GET', '/api/v2/tracking/settings', a.keys.viewer)).body.bot_filter_mode, 'filter')
  await h.request('PUT', '/api/v2/tracking/settings', a.keys.owner, { bot_filter_mode: 'no_filter' })
  t.equal((await settingsOf(a)).bot_filter_mode, 'no_filter')
})

t.test('a changed template and brand name change the estimate and what a campaign sends', async (t) => {
  const a = await h.account()
  const estimate = async () =>
    (await h.request('POST', '/api/v2/creatives/estimate', a.keys.viewer, { message: 'Hi there' })).body
      .character_count as number
  const base = await estimate()
  t.equal(base, 'Test Brand: '.length + 'Hi there'.length + DEFAULT_COMPLIANCE_SUFFIX.length)
  // The list has no brand of its own: the account's fills {{brand_name}}.
  await pool.query(`UPDATE sending_lists SET brand_name = '' WHERE id = $1`, [a.list.id])
  const put = await h.request('PUT', SETTINGS, a.keys.owner, {
    brand_name: 'Zed',
    template_prefix: '<<{{brand_name}}>> ',
    template_suffix: ' -- bye',
  })
  t.equal(put.status, 200)
  t.equal(await estimate(), '<<Zed>> '.length + 'Hi there'.length + ' -- bye'.length)

  // A one-time campaign on the account's US list.
  const contactId = newObjectId()
  const phone = `+1646${String(1_000_000 + Math.floor(Math.random() * 8_000_000))}`
  await pool.query(
    `INSERT INTO contacts (id, account_id, phone_number, timezone, state) VALUES ($1, $2, $3, 'America/New_York', 'NY')`,
    [contactId, a.accountId, phone],
  )
  await pool.query(
    `INSERT INTO list_contacts (id, account_id, list_id, contact_id, active, first_name)
     VALUES ($1, $2, $3, $4, true, 'Pat')`,
    [newObjectId(), a.accountId, a.list.id, contactId],
  )
  const audience = await h.request('POST', '/api/v2/audiences', a.keys.owner, {
    name: `Everyone ${randomAlphanumeric(4)}`,
    filter: {
      operator: 'AND',
      conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
    },
  })
  t.equal(audience.status, 201)
  const schedule = await h.request('POST', '/api/v2/schedules', a.keys.owner, {
    name: 'Template check',
    send_type: 'blast',
    status: 'on',
    is_repeating: false,
    send_date: '2027-01-12',
    send_time: '10:00',
    audiences: [audience.body.audience.id],
    blasts: [{ message: 'Deals for {{first_name}}', percent_audience: 100 }],
  })
  t.equal(schedule.status, 201)
  const scheduleId = schedule.body.schedule.id as string
  t.teardown(() => pool.query(`UPDATE schedules SET status = 'off' WHERE id = $1`, [scheduleId]))
  const queue = createDispatchQueue(h.deps.redis.acquire(), h.config.kafkaTopicPrefix)
  t.teardown(async () => {
    await queue.obliterate({ force: true })
    await queue.close()
    await h.deps.redis.release()
  })
  await runDueSchedules({
    pool,
    queue,
    log: { info: () => {}, warn: () => {} },
    clock: new ManualClock('2027-01-12T15:00:00Z'), // 10:00 in New York
    pageSize: 100,
    defaultLinkBaseUrl: 'https://trk.example',
    accountId: a.accountId,
  })
  const { rows } = await pool.query<{ body: string }>('SELECT body FROM messages WHERE schedule_id = $1', [
    scheduleId,
  ])
  t.same(
    rows.map((r) => r.body),
    ['<<Zed>> Deals for Pat -- bye'],
  )
})

t.test('changes are audited: fields changed, the actor by key name or email', async (t) => {
  const a = await h.account()
  await h.request('PUT', SETTINGS, a.keys.owner, { template_suffix: ' Bye', quiet_hours: false })
  const owner = await h.ownerSession(a)
  await h.request('PUT', SETTINGS, owner, { timezone: 'Europe/Berlin' })
  // No change, no entry.
  await h.request('PUT', SETTINGS, owner, { timezone: 'Europe/Berlin' })
  const res = await h.request('GET', '/api/v2/audit-log', a.keys.owner)
  t.equal(res.status, 200)
  const settingsEntries = res.body.entries.filter(
    (e: { action: string }) => e.action === 'account.settings_updated',
  )
  t.equal(settingsEntries.length, 2)
  const [byUser, byKey] = settingsEntries
  const { rows } = await pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [a.userId])
  t.match(byUser, {
    actor: rows[0]!.email,
    actor_type: 'user',
    target: a.accountId,
    details: { changes: { timezone: { from: 'America/New_York', to: 'Europe/Berlin' } } },
  })
  t.match(byKey, {
    actor_type: 'key',
    actor: `Default key (${a.keys.owner.slice(0, 8)}…)`,
    details: { changes: { template_suffix: { from: DEFAULT_COMPLIANCE_SUFFIX, to: ' Bye' } } },
  })
  t.notOk('quiet_hours' in byKey.details.changes, 'an unchanged field is not listed')
  t.ok(Date.parse(byUser.at) >= Date.parse(byKey.at), 'newest first')
})

t.test('the audit log: owners only, paged newest first, scoped to the account', async (t) => {
  const a = await h.account()
  const b = await h.account()
  for (let i = 0; i < 5; i++) {
    await h.request('PUT', SETTINGS, a.keys.owner, { brand_name: `Brand ${i}` })
  }
  await h.request('PUT', SETTINGS, b.keys.owner, { brand_name: 'Other' })
  for (const role of ['member', 'viewer'] as const) {
    const refused = await h.request('GET', '/api/v2/audit-log', a.keys[role])
    t.equal(refused.status, 403, role)
  }
  const first = await h.request('GET', '/api/v2/audit-log?per_page=2', a.keys.owner)
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE account_id = $1',
    [a.accountId],
  )
  t.same(first.body.pagination, {
    page: 1,
    per_page: 2,
    total: rows[0]!.n,
    total_pages: Math.ceil(rows[0]!.n / 2),
  })
  t.same(
    first.body.entries.map(
      (e: { details: { changes: { brand_name: { to: string } } } }) => e.details.changes.brand_name.to,
    ),
    ['Brand 4', 'Brand 3'],
  )
  const second = await h.request('GET', '/api/v2/audit-log?per_page=2&page=2', a.keys.owner)
  t.same(
    second.body.entries.map(
      (e: { details: { changes: { brand_name: { to: string } } } }) => e.details.changes.brand_name.to,
    ),
    ['Brand 2', 'Brand 1'],
  )
  const all = await h.request('GET', '/api/v2/audit-log?per_page=100', a.keys.owner)
  t.notOk(JSON.stringify(all.body).includes('Other'), "account B's entries never appear in A's log")
  const bLog = await h.request('GET', '/api/v2/audit-log', b.keys.owner)
  t.ok(bLog.body.entries.every((e: { target: string | null }) => e.target !== a.accountId))
  const bad = await h.request('GET', '/api/v2/audit-log?per_page=101', a.keys.owner)
  t.equal(bad.status, 400)
})
