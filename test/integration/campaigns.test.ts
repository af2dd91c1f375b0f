// Schedules run (spec §9) over the real Postgres and Redis, under a manual clock: who is sent a message, and when.
// A repeating local-time schedule fires once per due day per contact at 10:00 local; unsubscribed, invalid,
// in-journey and frequency-capped contacts are excluded and quiet hours defer; a contact who moves zone between
// passes is sent once; audiences over several lists merge; progress via the API. Variant shares, the ML selector
// and a killed run's resume are in campaign-expansion.test.ts; the shared setup is in test/harness/campaigns.ts.
import t from 'tap'
import { ManualClock } from '../../core/clock.js'
import { newObjectId } from '../../core/ids.js'
import { instantOfLocalTime } from '../../core/quiet-hours.js'
import { runDueSchedules } from '../../services/campaigns.js'
import { type ContactSpec, campaignHarness, numberBase } from '../harness/campaigns.js'
import { quietHoursOn } from '../harness/platform.js'

const harness = await campaignHarness(t)
const { h, pool } = harness
const { campaignContext, addContacts, everyoneAudience, createSchedule, messagesOf, progress } = harness

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
