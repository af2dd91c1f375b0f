// Welcome journeys over the real stack: contacts join through the API (use_journeys), step jobs run on BullMQ
// under a ManualClock that the test moves (promoting the delayed jobs whose time has come on that clock), clicks
// go through ingest and the click processor into message_clicks, and a STOP reply posted to the provider webhook
// ends an enrollment. Plus: one enrollment per contact per journey, and the API's validation codes. Paused and
// archived journeys, the unsubscribe step, CSV import and the sweep are in journey-lifecycle.test.ts.
import t from 'tap'
import { nextLocalTime } from '../../core/journeys.js'
import { journeyJobId } from '../../lib/queues.js'
import { sendingContexts } from '../../services/dispatch.js'
import { journeysHarness } from '../harness/journeys.js'
import { createFixture, eventually } from '../harness/platform.js'

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const DAY = 86_400_000
const NEW_YORK = 'America/New_York'

const {
  platform,
  fixture,
  pg,
  clock,
  queue,
  listNumber,
  api,
  promoteDue,
  phone,
  join,
  settled,
  journeyMessages,
  groupTrigger,
} = await journeysHarness(t)
const other = await createFixture(platform, platform.ingestUrl)

const contexts = await sendingContexts(pg.pool, [fixture.listId], {
  secretKey: platform.config.secretKey,
  webhookBaseUrl: platform.ingestUrl,
})
const inboundUrl = contexts.get(fixture.listId)!.statusUrl.replace('/status?', '/inbound?')

const offerLinks = [{ key: 'link1', offer_id: fixture.offerId }]
const welcomeSteps = [
  {
    id: 'welcome',
    type: 'send_message',
    message: 'Welcome to {{brand_name}}: {{link1}}',
    offer_links: offerLinks,
  },
  { type: 'wait', amount: 1, unit: 'days' },
  { type: 'condition', check: 'clicked_since_enrollment', yes: 'clicked', no: 'not_clicked' },
  {
    id: 'clicked',
    type: 'send_message',
    message: 'A: thanks for looking {{link1}}',
    offer_links: offerLinks,
    next: 'morning',
  },
  {
    id: 'not_clicked',
    type: 'send_message',
    message: 'B: did you miss this? {{link1}}',
    offer_links: offerLinks,
  },
  { id: 'morning', type: 'wait_until', time: '10:00' },
  { type: 'send_message', message: 'Good morning {{first_name|friend}}' },
  { type: 'exit' },
]

const created = await api('POST', '/journeys', {
  name: 'Welcome',
  status: 'active',
  trigger: groupTrigger('welcome'),
  steps: welcomeSteps,
})
const welcomeId: string = created.body.journey?.id

t.test('API: create, read, list; other accounts see nothing', async (t) => {
  t.equal(created.status, 201, JSON.stringify(created.body))
  t.equal(created.body.journey.status, 'active')
  t.equal(created.body.journey.steps.length, 8)
  t.same(created.body.journey.enrollment_counts, { active: 0, completed: 0, exited: 0, stopped: 0 })
  const got = await api('GET', `/journeys/${welcomeId}`)
  t.equal(got.status, 200)
  t.equal(got.body.journey.steps[3].next, 'morning')
  const listed = await api('GET', '/journeys')
  t.ok(listed.body.journeys.some((j: { id: string }) => j.id === welcomeId))
  t.equal(
    (await api('GET', `/journeys/${welcomeId}`, undefined, other.apiKey)).body.code,
    'journey_not_found',
  )
  t.equal((await api('GET', `/journeys/${welcomeId}/enrollments`, undefined, other.apiKey)).status, 404)
  t.equal((await api('DELETE', `/journeys/${welcomeId}`, undefined, other.apiKey)).status, 404)
})

t.test('API validation errors have stable codes', async (t) => {
  const attempt = async (body: Record<string, unknown>) => {
    const res = await api('POST', '/journeys', {
      name: 'Bad',
      trigger: groupTrigger('x'),
      steps: [{ type: 'exit' }],
      ...body,
    })
    return `${res.status} ${res.body.code}`
  }
  t.equal(await attempt({ trigger: { operator: 'AND', conditions: [] } }), '400 empty_trigger')
  t.equal(
    await attempt({
      trigger: { conditions: [{ type: 'custom_field', field: 'a', operator: 'gt', value: 1 }] },
    }),
    '400 invalid_field_operator',
  )
  t.equal(await attempt({ steps: [] }), '400 missing_steps')
  t.equal(await attempt({ steps: [{ type: 'fly' }] }), '400 invalid_step')
  t.equal(await attempt({ steps: [{ type: 'wait', amount: 2, unit: 'weeks' }] }), '400 invalid_wait')
  t.equal(await attempt({ steps: [{ type: 'wait_until', time: '24:00' }] }), '400 invalid_time')
  t.equal(
    await attempt({
      steps: [{ type: 'condition', check: 'clicked_since_enrollment', yes: 'nowhere', no: 0 }],
    }),
    '400 invalid_branch_target',
  )
  t.equal(
    await attempt({
      steps: [
        { type: 'send_message', message: 'again and again' },
        { type: 'condition', check: 'clicked_since_enrollment', yes: 2, no: 0 },
        { type: 'exit' },
      ],
    }),
    '400 journey_step_loop',
  )
  t.equal(
    await attempt({ steps: [{ type: 'send_message', message: 'Go {{link1}}' }] }),
    '400 missing_offer_links_for_placeholders',
  )
  t.equal(await attempt({ status: 'finished' }), '400 invalid_status')
  t.equal(await attempt({ name: '  ' }), '400 missing_name')
  // References must be the account's own.
  t.equal(
    await attempt({ trigger: { conditions: [{ type: 'list', list_id: other.listId }] } }),
    '404 list_not_found',
  )
  t.equal(
    await attempt({ steps: [{ type: 'send_message', creative_id: 2_000_000_000 }] }),
    '404 creative_not_found',
  )
  t.equal(
    await attempt({
      steps: [
        {
          type: 'send_message',
          message: '{{link1}}',
          offer_links: [{ key: 'link1', offer_id: other.offerId }],
        },
      ],
    }),
    '404 offer_not_found',
  )
  t.equal((await api('GET', '/journeys/0123456789abcdef01234567')).body.code, 'journey_not_found')
  const bad = await api('PUT', `/journeys/${welcomeId}`, {
    steps: [{ type: 'wait', amount: 0, unit: 'days' }],
  })
  t.equal(`${bad.status} ${bad.body.code}`, '400 invalid_wait')
})

const clicker = phone()
const ignorer = phone()
const stopper = phone()

t.test('a journey takes each branch under a controllable clock; STOP ends an enrollment', async (t) => {
  const joined = await Promise.all([
    join(clicker, 'welcome', { first_name: 'Cleo' }),
    join(ignorer, 'welcome'),
    join(stopper, 'welcome'),
  ])
  for (const j of joined) {
    t.equal(j.status, 200)
    t.equal(j.body.journeys_enrolled, 1, 'enrolled in the one matching journey')
  }
  // Step 0 (the welcome) runs at once, then the enrollment waits a day.
  for (const p of [clicker, ignorer, stopper]) {
    const e = await settled(welcomeId, p, (e) => e.step_seq === 2, `${p} waiting a day`)
    t.equal(e.step_index, 2)
    t.ok(e.in_workflow, 'a contact in a journey is in_workflow')
    t.equal(e.next_run_at!.getTime(), clock.now().getTime() + DAY)
  }
  const welcome = (await journeyMessages(clicker))[0]!
  t.match(welcome.body, /^Welcome to Test Brand: \S+\/[A-Za-z0-9]{7}$/, 'macros and a tracked link')

  // The clicker clicks the welcome link for real: ingest → Kafka → click processor → message_clicks.
  const { rows: links } = await pg.pool.query<{ code: string }>(
    'SELECT code FROM short_links WHERE message_id = $1',
    [welcome.id],
  )
  const res = await fetch(`${platform.ingestUrl}/${links[0]!.code}`, {
    redirect: 'manual',
    headers: { 'user-agent': BROWSER },
  })
  t.equal(res.status, 302)
  await eventually(
    async () => {
      const { rows } = await pg.pool.query('SELECT 1 FROM message_clicks WHERE message_id = $1', [welcome.id])
      return rows.length > 0 ? true : undefined
    },
    30_000,
    'first click recorded',
  )

  // STOP from the third contact: its enrollment ends at once.
  const stop = await fetch(inboundUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: `mo${Date.now()}`,
      from: stopper,
      to: listNumber,
      text: 'STOP',
      received_at: new Date().toISOString(),
    }),
  })
  t.equal(stop.status, 200)
  const stopped = await settled(welcomeId, stopper, (e) => e.status === 'stopped', 'STOP ends the enrollment')
  t.equal(stopped.end_reason, 'unsubscribed')
  t.notOk(stopped.in_workflow, 'no active enrollment left on the list')

  // Nothing happens before the day is over on the journey clock…
  clock.advance(DAY - 60_000)
  t.equal(await promoteDue(queue), 0, 'no step is due yet')
  // …then the condition runs and each contact takes its branch.
  clock.advance(120_000)
  t.equal(await promoteDue(queue), 3, 'three jobs due (the stopped one included)')
  const afterClick = await settled(welcomeId, clicker, (e) => e.step_seq === 5, 'clicker at wait_until')
  const afterIgnore = await settled(welcomeId, ignorer, (e) => e.step_seq === 5, 'ignorer at wait_until')
  const tenAm = nextLocalTime(clock.now(), '10:00', NEW_YORK)
  for (const e of [afterClick, afterIgnore]) {
    t.equal(e.step_index, 6, 'waiting before the last send')
    t.equal(e.next_run_at!.toISOString(), tenAm.toISOString(), 'next 10:00 in New York')
  }
  t.same(
    (await journeyMessages(clicker)).map((m) => m.body.slice(0, 2)),
    ['We', 'A:'],
    'the clicker took the yes branch',
  )
  t.same(
    (await journeyMessages(ignorer)).map((m) => m.body.slice(0, 2)),
    ['We', 'B:'],
    'the other took the no branch',
  )
  // The stopped contact's job ran and did nothing.
  const stale = await eventually(async () => {
    const job = await queue.getJob(journeyJobId(stopped.id, 2))
    return (await job?.getState()) === 'completed' ? job : undefined
  })
  t.equal(stale.returnvalue, 'stale')
  t.equal((await journeyMessages(stopper)).length, 1, 'no message after STOP')

  // Wait until 10:00 local, then the last send and exit.
  clock.set(tenAm)
  t.equal(await promoteDue(queue), 2)
  for (const p of [clicker, ignorer]) {
    const done = await settled(welcomeId, p, (e) => e.status === 'completed', `${p} completed`)
    t.equal(done.end_reason, 'exit_step')
    t.notOk(done.in_workflow, 'out of the workflow once completed')
  }
  t.same(
    (await journeyMessages(clicker)).map((m) => m.body),
    [welcome.body, (await journeyMessages(clicker))[1]!.body, 'Good morning Cleo'],
  )
  t.equal((await journeyMessages(ignorer))[2]!.body, 'Good morning friend')

  // The enrollment API shows which step ran and which branch the condition took.
  const list = await api('GET', `/journeys/${welcomeId}/enrollments?status=completed`)
  t.equal(list.status, 200)
  t.equal(list.body.pagination.total, 2)
  const mine = list.body.enrollments.find((e: { phone_number: string }) => e.phone_number === clicker)
  const detail = await api('GET', `/journeys/${welcomeId}/enrollments/${mine.id}`)
  t.equal(detail.status, 200)
  t.same(
    detail.body.enrollment.events.map(
      (e: { step_type: string; outcome: string }) => `${e.step_type}:${e.outcome}`,
    ),
    [
      'send_message:sent',
      'wait:waiting',
      'condition:yes',
      'send_message:sent',
      'wait_until:waiting',
      'send_message:sent',
      'exit:exited',
    ],
  )
  t.equal(detail.body.enrollment.events[2].detail.branch, 3)
  const counts = (await api('GET', `/journeys/${welcomeId}`)).body.journey.enrollment_counts
  t.same(counts, { active: 0, completed: 2, exited: 0, stopped: 1 })
})

t.test('at most one enrollment per contact per journey; use_journeys=false warns', async (t) => {
  const again = await join(clicker, 'welcome', { skip_journey_if_exists: false })
  t.equal(again.body.journeys_enrolled, 0, 'already enrolled once: not again')
  const skipped = await join(clicker, 'welcome')
  t.equal(skipped.body.journeys_enrolled, 0, 'skip_journey_if_exists (default) skips an existing contact')
  const { rows } = await pg.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM journey_enrollments e JOIN contacts c ON c.id = e.contact_id
      WHERE e.journey_id = $1 AND c.phone_number = $2 AND c.account_id = $3`,
    [welcomeId, clicker, fixture.accountId],
  )
  t.equal(rows[0]!.n, 1)
  const quiet = await api('POST', '/contacts', {
    phone_number: phone(),
    list_number: listNumber,
    custom_fields: { group: 'welcome' },
  })
  t.equal(quiet.body.journeys_enrolled, 0)
  t.match(quiet.body.warnings[0], /1 active journey/)
})
