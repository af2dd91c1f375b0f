// The setup both journey test files share (journeys.test.ts, journey-lifecycle.test.ts): a platform with api,
// ingest and processors, the dispatch and journeys workers under a ManualClock, the journey queue, and helpers to
// call the API, join contacts, promote due jobs and read enrollments and messages. Each test file starts its own.
import type { Queue } from 'bullmq'
import { ManualClock } from '../../core/clock.js'
import { createJourneyQueue, type JourneyJob } from '../../lib/queues.js'
import { startWorkers } from '../../workers/dispatch.js'
import { startJourneyWorker } from '../../workers/journeys.js'
import { createFixture, eventually, startTestPlatform, type Teardown } from './platform.js'

// biome-ignore lint/suspicious/noExplicitAny: replies are read loosely
export type Reply = { status: number; body: any }

export interface EnrollmentRow {
  id: string
  status: string
  step_index: number
  step_seq: number
  next_run_at: Date | null
  end_reason: string | null
  in_workflow: boolean
}

/** A platform of its own with the journeys worker on a manual clock, a fixture account, and the helpers over them. */
export async function journeysHarness(t: Teardown) {
  // Processors (clicks, replies) and ingest (redirects, provider webhooks) from the platform; the dispatch and
  // journeys workers are started here so the journeys worker reads the test's clock.
  const platform = await startTestPlatform(t, { roles: ['api', 'ingest', 'processors'] })
  const fixture = await createFixture(platform, platform.ingestUrl)
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

  async function join(
    phoneNumber: string,
    group: string,
    extra: Record<string, unknown> = {},
  ): Promise<Reply> {
    return api('POST', '/contacts', {
      phone_number: phoneNumber,
      list_number: listNumber,
      use_journeys: true,
      custom_fields: { group },
      ...extra,
    })
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

  const groupTrigger = (group: string) => ({
    operator: 'AND',
    conditions: [{ type: 'list', list_id: fixture.listId }],
    groups: [
      {
        operator: 'OR',
        conditions: [{ type: 'custom_field', field: 'group', operator: 'eq', value: group }],
      },
    ],
  })

  return {
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
    enrollment,
    settled,
    journeyMessages,
    groupTrigger,
  }
}
