// Welcome journeys over the real stack: contacts join through the API (use_journeys) and CSV import, step jobs
// run on BullMQ under a ManualClock that the test moves (promoting the delayed jobs whose time has come on that
// clock), clicks go through ingest and the click processor into message_clicks, and a STOP reply posted to the
// provider webhook ends an enrollment. Plus: one enrollment per contact per journey, paused keeps moving,
// archived stops, and the API's validation codes.
import type { Queue } from 'bullmq'
import t from 'tap'
import { ManualClock } from '../../core/clock.js'
import { nextLocalTime } from '../../core/journeys.js'
import { createJourneyQueue, type JourneyJob, journeyJobId } from '../../lib/queues.js'
import { sendingContexts } from '../../services/dispatch.js'
import { startWorkers } from '../../workers/dispatch.js'
import { startJourneyWorker, sweepJourneys } from '../../workers/journeys.js'
import { createFixture, eventually, startTestPlatform } from '../harness/platform.js'

const BROWSER =
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
const DAY = 86_400_000
const NEW_YORK = 'America/New_York'

// Processors (clicks, replies) and ingest (redirects, provider webhooks) from the platform; the dispatch and
// journeys workers are started here so the journeys worker reads the test's clock.
const platform = await startTestPlatform(t, { roles: ['api', 'ingest', 'processors'] })
const fixture = await createFixture(platform, platform.ingestUrl)
const other = await createFixture(platform, platform.ingestUrl)
const pg = platform.deps.postgres.acquire()
t.teardown(() => platform.deps.postgres.release())
// A minute ahead of real time, so enrollments made by the API (at real time) are due on this clock at once.
const clock = new ManualClock(Date.now() + 60_000)
const dispatch = await startWorkers(platform.deps)
const journeysWorker = await startJourneyWorker(platform.deps, { clock })
const queue = createJourneyQueue(platform.deps.redis.acquire(), platform.config.kafkaTopicPrefix)
t.teardown(async () => {
  await queue.close()
  await journeysWorker.stop()
  await dispatch.stop()
  await platform.deps.redis.release()
})

const listNumber = '+18005550199'
const contexts = await sendingContexts(pg.pool, [fixture.listId], {
  secretKey: platform.config.secretKey,
  webhookBaseUrl: platform.ingestUrl,
})
const inboundUrl = contexts.get(fixture.listId)!.statusUrl.replace('/status?', '/inbound?')

// biome-ignore lint/suspicious/noExplicitAny: replies are read loosely
type Reply = { status: number; body: any }
async function api(method: string, path: string, body?: unknown, key = fixture.apiKey): Promise<Reply> {
  const res = await fetch(`${platform.apiUrl}/api/v2${path}`, {
    method,
    headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json() }
}

/** Promotes every delayed journey job whose time has come on the manual clock; returns how many. */
async function promoteDue(q: Queue<JourneyJob>): Promise<number> {
  let promoted = 0
  for (const job of await q.getDelayed()) {
    if (Date.parse(job.data.runAt) <= clock.now().getTime()) {
      await job.promote()
      promoted++
    }
  }
  return promoted
}

const base = 2_000_000 + Math.floor(Math.random() * 7_000_000)
let n = 0
/** A fresh New York number (area code 212). */
const phone = () => `+1212${base + n++}`

async function join(phoneNumber: string, group: string, extra: Record<string, unknown> = {}): Promise<Reply> {
  return api('POST', '/contacts', {
    phone_number: phoneNumber,
    list_number: listNumber,
    use_journeys: true,
    custom_fields: { group },
    ...extra,
  })
}

interface EnrollmentRow {
  id: string
  status: string
  step_index: number
  step_seq: number
  next_run_at: Date | null
  end_reason: string | null
  in_workflow: boolean
}

async function enrollment(journeyId: string, phoneNumber: string): Promise<EnrollmentRow | undefined> {
  const { rows } = await pg.pool.query<EnrollmentRow>(
    `SELECT e.id, e.status, e.step_index, e.step_seq, e.next_run_at, e.end_reason, lc.in_workflow
       FROM journey_enrollments e JOIN contacts c ON c.id = e.contact_id
       JOIN list_contacts lc ON lc.list_id = e.list_id AND lc.contact_id = e.contact_id
      WHERE e.journey_id = $1 AND c.phone_number = $2 AND e.account_id = $3`,
    [journeyId, phoneNumber, fixture.accountId],
  )
  return rows[0]
}

/** Waits until the enrollment has executed at least `seq` steps (or satisfies `check`). */
const settled = (
  journeyId: string,
  phoneNumber: string,
  check: (e: EnrollmentRow) => boolean,
  label: string,
) =>
  eventually(
    async () => {
      const e = await enrollment(journeyId, phoneNumber)
      return e && check(e) ? e : undefined
    },
    20_000,
    label,
  )

async function journeyMessages(phoneNumber: string): Promise<{ id: string; body: string }[]> {
  const { rows } = await pg.pool.query<{ id: string; body: string }>(
    `SELECT m.id, m.body FROM messages m JOIN journey_enrollments e ON e.id = m.journey_enrollment_id
      WHERE m.list_id = $1 AND m.to_number = $2 AND e.account_id = $3 ORDER BY m.created_at, m.id`,
    [fixture.listId, phoneNumber, fixture.accountId],
  )
  return rows
}

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
const groupTrigger = (group: string) => ({
  operator: 'AND',
  conditions: [{ type: 'list', list_id: fixture.listId }],
  groups: [
    { operator: 'OR', conditions: [{ type: 'custom_field', field: 'group', operator: 'eq', value: group }] },
  ],
})

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

const twoStep = (group: string) => ({
  name: `Two sends (${group})`,
  status: 'active',
  trigger: groupTrigger(group),
  steps: [
    { type: 'send_message', message: `first ${group}` },
    { type: 'wait', amount: 1, unit: 'hours' },
    { type: 'set_custom_field', field: 'stage', value: 'second' },
    { type: 'send_message', message: `second ${group}` },
  ],
})

t.test('paused journeys keep existing enrollments moving; archived ones stop them', async (t) => {
  const paused = (await api('POST', '/journeys', twoStep('paused'))).body.journey.id as string
  const archived = (await api('POST', '/journeys', twoStep('archived'))).body.journey.id as string
  const p1 = phone()
  const a1 = phone()
  t.equal((await join(p1, 'paused')).body.journeys_enrolled, 1)
  t.equal((await join(a1, 'archived')).body.journeys_enrolled, 1)
  await settled(paused, p1, (e) => e.step_seq === 2, 'paused contact waiting')
  await settled(archived, a1, (e) => e.step_seq === 2, 'archived contact waiting')

  // A job promoted before its time (on the journey clock) goes back to waiting and runs nothing.
  const early = (await enrollment(paused, p1))!
  await (await queue.getJob(journeyJobId(early.id, 2)))!.promote()
  await eventually(async () =>
    (await (await queue.getJob(journeyJobId(early.id, 2)))?.getState()) === 'delayed' ? true : undefined,
  )
  t.equal((await enrollment(paused, p1))!.step_seq, 2, 'an early job runs no step')

  const put = await api('PUT', `/journeys/${paused}`, { status: 'paused' })
  t.equal(put.body.journey.status, 'paused')
  t.equal((await join(phone(), 'paused')).body.journeys_enrolled, 0, 'a paused journey enrols nobody')
  t.equal((await api('DELETE', `/journeys/${archived}`)).status, 200)
  const ended = await enrollment(archived, a1)
  t.equal(ended?.status, 'exited')
  t.equal(ended?.end_reason, 'journey_archived')
  t.notOk(ended?.in_workflow)
  const change = await api('PUT', `/journeys/${archived}`, { name: 'revived' })
  t.equal(`${change.status} ${change.body.code}`, '409 journey_archived')
  t.notOk(
    (await api('GET', '/journeys')).body.journeys.some((j: { id: string }) => j.id === archived),
    'archived journeys are listed only on request',
  )

  clock.advance(3_600_000 + 1_000)
  t.ok((await promoteDue(queue)) >= 2)
  const done = await settled(paused, p1, (e) => e.status === 'completed', 'paused journey finished')
  t.equal(done.end_reason, 'last_step')
  t.same(
    (await journeyMessages(p1)).map((m) => m.body),
    ['first paused', 'second paused'],
  )
  const { rows } = await pg.pool.query<{ custom_fields: Record<string, string> }>(
    `SELECT lc.custom_fields FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 AND c.phone_number = $2`,
    [fixture.listId, p1],
  )
  t.equal(rows[0]!.custom_fields.stage, 'second', 'set_custom_field wrote the list contact')
  const job = await eventually(async () => {
    const j = await queue.getJob(journeyJobId(ended!.id, 2))
    return (await j?.getState()) === 'completed' ? j : undefined
  })
  t.equal(job.returnvalue, 'stale', 'the archived enrollment does nothing more')
  t.same(
    (await journeyMessages(a1)).map((m) => m.body),
    ['first archived'],
  )
})

t.test('an unsubscribe step unsubscribes the contact and completes the enrollment', async (t) => {
  const leaver = (
    await api('POST', '/journeys', {
      name: 'Leaver',
      status: 'active',
      trigger: groupTrigger('leaver'),
      steps: [{ type: 'unsubscribe' }, { type: 'send_message', message: 'never sent' }],
    })
  ).body.journey.id as string
  const p = phone()
  t.equal((await join(p, 'leaver')).body.journeys_enrolled, 1)
  const e = await settled(leaver, p, (e) => e.status === 'completed', 'unsubscribe step ran')
  t.equal(e.end_reason, 'unsubscribe_step')
  t.notOk(e.in_workflow)
  const { rows } = await pg.pool.query<{ active: boolean; unsubscribe_reason: string }>(
    `SELECT lc.active, lc.unsubscribe_reason FROM list_contacts lc JOIN contacts c ON c.id = lc.contact_id
      WHERE lc.list_id = $1 AND c.phone_number = $2`,
    [fixture.listId, p],
  )
  t.same(rows[0], { active: false, unsubscribe_reason: 'journey' })
  t.equal((await journeyMessages(p)).length, 0)
})

t.test(
  'CSV import with use_journeys enrols the contacts it adds; the sweep re-queues a lost job',
  async (t) => {
    const imported = await api('POST', '/journeys', {
      name: 'Imported',
      status: 'active',
      trigger: {
        conditions: [
          { type: 'signup_method', value: 'import' },
          { type: 'list', list_id: fixture.listId },
        ],
      },
      steps: [{ type: 'set_custom_field', field: 'imported_welcome', value: true }, { type: 'exit' }],
    })
    t.equal(imported.status, 201)
    const id = imported.body.journey.id as string
    const rows = [phone(), phone()]
    const res = await api('POST', '/contacts/import', {
      list_number: listNumber,
      csv: `phone_number\n${rows.join('\n')}\n`,
      dry_run: false,
      use_journeys: true,
    })
    t.equal(res.status, 200)
    t.equal(res.body.journeys_enrolled, 2)
    for (const p of rows) {
      const e = await settled(id, p, (e) => e.status === 'completed', `${p} ran the imported journey`)
      t.equal(e.end_reason, 'exit_step')
    }

    // A job lost with Redis: the enrollment is overdue without a job, and the sweep queues it again.
    const p = phone()
    await join(p, 'paused-not') // joins the list without matching a journey
    const { rows: ids } = await pg.pool.query<{ id: string }>(
      `INSERT INTO journey_enrollments (id, account_id, journey_id, contact_id, list_id, next_run_at, enrolled_at)
     SELECT substr(md5(random()::text), 1, 24), $1, $2, c.id, $3, $4, $4 FROM contacts c
      WHERE c.account_id = $1 AND c.phone_number = $5
     RETURNING id`,
      [fixture.accountId, id, fixture.listId, new Date(clock.now().getTime() - 10 * 60_000), p],
    )
    const swept = await sweepJourneys(pg.pool, queue, clock)
    t.ok(swept.requeued >= 1)
    t.ok(await queue.getJob(journeyJobId(ids[0]!.id, 0)), 'the lost step has a job again')
    await settled(id, p, (e) => e.status === 'completed', 'the swept enrollment ran')
  },
)
