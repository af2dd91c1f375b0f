// Journeys over the real stack, past the welcome path (journeys.test.ts): paused journeys keep enrollments moving
// and archived ones stop them, the unsubscribe step, and CSV import with use_journeys plus the sweep that re-queues
// a lost step job, under the same ManualClock-driven journeys worker.
import t from 'tap'
import { journeyJobId } from '../../lib/queues.js'
import { sweepJourneys } from '../../workers/journeys.js'
import { journeysHarness } from '../harness/journeys.js'
import { eventually } from '../harness/platform.js'

const {
  fixture,
  pg,
  clock,
  queue,
  listNumber,
  api,
  promoteDue,
  phone,
  join,
  enrollment,
  settled,
  journeyMessages,
  groupTrigger,
} = await journeysHarness(t)

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
