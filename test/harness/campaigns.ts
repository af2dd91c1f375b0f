// The setup the campaign-run tests share (campaigns.test.ts, campaign-expansion.test.ts): an API harness with the
// dispatch queue its runs fill, a CampaignContext under a given clock, and helpers to add list contacts, create
// schedules and read back their messages and run progress. Each test file starts its own (tap runs files in
// separate processes), so files never see each other's schedules or jobs.
import type { ManualClock } from '../../core/clock.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { createDispatchQueue } from '../../lib/queues.js'
import type { CampaignContext } from '../../services/campaign-plan.js'
import { apiHarness, type TestAccount } from './api.js'
import type { Teardown } from './platform.js'

/** Numbers no earlier run used (contacts are global by number and the test database outlives runs). */
export const numberBase = () => 1_000_000 + Math.floor(Math.random() * 8_000_000)

/** `n` contacts with consecutive numbers in NANP area code `area`, from a fresh base. */
export function freshContacts(area: string, n: number): ContactSpec[] {
  const base = numberBase()
  return Array.from({ length: n }, (_, i) => ({ phone: `+1${area}${String(base + i).padStart(7, '0')}` }))
}

export interface ContactSpec {
  phone: string
  timezone?: string | null
  state?: string | null
  active?: boolean
  isValid?: boolean
  inWorkflow?: boolean
}

/** An API harness of its own, its dispatch queue (emptied and closed at teardown), and the helpers over them. */
export async function campaignHarness(t: Teardown) {
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

  return {
    h,
    pool,
    queue,
    campaignContext,
    addContacts,
    everyoneAudience,
    createSchedule,
    messagesOf,
    progress,
  }
}
