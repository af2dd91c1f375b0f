// Demo-like traffic for the browser tests and the README's screenshots, on an account of the test's own: the
// demo's list (simulator with undelivered messages and replies), offer, creatives and a two-variant campaign with
// ML selection, then messages clicked and converted over HTTP, a campaign run, and a short burst of live traffic
// with replies. Everything goes through the real queue, ingest, processors and webhooks.
import { systemClock } from '../../core/clock.js'
import { decryptSecret, encryptSecret } from '../../core/crypto.js'
import { newObjectId } from '../../core/ids.js'
import { localDateAt } from '../../core/quiet-hours.js'
import { runDueSchedules } from '../../services/campaigns.js'
import { runDemoTraffic, startLiveDemo } from '../../services/demo-traffic.js'
import { sendingContexts } from '../../services/dispatch.js'
import { accountWithOwner, type TestUser } from './browser.js'
import { dispatchQueue, eventually, type Teardown, type TestPlatform } from './platform.js'

export interface DemoData {
  owner: TestUser
  accountId: string
  apiKey: string
  listId: number
  offerId: string
  creativeId: number
  scheduleId: string
  messageIds: string[]
  /** The short-link codes of those messages. */
  links: string[]
}

const SIMULATOR = { delivery_rate: 0.93, reply_rate: 0.05 }

export async function seedDemoData(
  t: Teardown,
  platform: TestPlatform,
  opts: { liveMs?: number } = {},
): Promise<DemoData> {
  const owner = await accountWithOwner(platform, { name: 'Demo Marketing' })
  const { accountId } = owner
  const pg = platform.deps.postgres.acquire()
  t.teardown(() => platform.deps.postgres.release())
  const { pool } = pg
  const secret = (
    await pool.query<{ secret: string }>('SELECT postback_secret_enc AS secret FROM accounts WHERE id = $1', [
      accountId,
    ])
  ).rows[0]!.secret
  const postbackSecret = decryptSecret(secret, platform.config.secretKey)
  const list = await pool.query<{ id: number }>(
    `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, number_type, help_text,
                                credentials_encrypted)
     VALUES ($1, '+18005550142', 'Summer list', 'Trackly Demo', 'simulator', 'toll_free',
             'Trackly Demo: msg&data rates may apply. Reply STOP to opt out.', $2)
     RETURNING id`,
    [accountId, encryptSecret(JSON.stringify(SIMULATOR), platform.config.secretKey)],
  )
  const listId = list.rows[0]!.id
  const offerId = newObjectId()
  await pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, payout, payout_type)
     VALUES ($1, $2, $3, 'Summer Sale', 'https://offers.example.com/summer?aff_id=42', 'everflow', 12.5, 'cpa')`,
    [offerId, accountId, `ofr_summer_sale_${offerId.slice(-6)}`],
  )
  const links = JSON.stringify([{ key: 'link1', offer_id: offerId, url: null, url_params: {} }])
  const creative = await pool.query<{ id: number }>(
    `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type)
     VALUES ($1, $2, 'Summer blast', 'Summer sale is on! 40% off today only: {{link1}}', $3, 'one_time')
     RETURNING id`,
    [accountId, `cre_summer_${offerId.slice(-6)}`, links],
  )
  for (const [i, text] of [
    'Last call: summer sale ends tonight {{link1}}',
    'Your 40% code is waiting {{link1}}',
  ].entries()) {
    await pool.query(
      `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type)
       VALUES ($1, $2, $3, $4, $5, 'automated')`,
      [accountId, `cre_auto_${i}_${offerId.slice(-6)}`, `Automated ${i + 1}`, text, links],
    )
  }
  const target = { accountId, postbackSecret, listId, offerId, creativeId: creative.rows[0]!.id }
  const queue = dispatchQueue(t, platform)
  const base = {
    pool,
    queue,
    linkBaseUrl: platform.ingestUrl,
    ingestUrl: platform.ingestUrl,
    log: platform.deps.log,
  }

  // Messages clicked (a previewer now and then) and converted: contacts for the campaign, numbers for the reports.
  const traffic = await runDemoTraffic({ ...base, demo: target, count: 25 })

  // A campaign due now to everyone: half on two blast variants, half chosen by the ML selector.
  const audienceId = newObjectId()
  await pool.query(`INSERT INTO audiences (id, account_id, name, filter) VALUES ($1, $2, 'Everyone', $3)`, [
    audienceId,
    accountId,
    JSON.stringify({
      operator: 'AND',
      conditions: [{ condition_type: 'count', field: 'send_count', operator: 'gte', value: 0 }],
      groups: [],
    }),
  ])
  const now = new Date()
  const zone = 'America/New_York'
  const sendTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now)
  const scheduleId = newObjectId()
  await pool.query(
    `INSERT INTO schedules (id, account_id, name, send_type, status, is_repeating, send_time, send_date,
                            automated_percent, audience_ids, sending_list_id)
     VALUES ($1, $2, 'Summer campaign', 'blast', 'on', false, $3, $4, 50, ARRAY[$5], $6)`,
    [scheduleId, accountId, sendTime, localDateAt(now, zone), audienceId, listId],
  )
  for (const [position, variant] of ['A', 'B'].entries()) {
    await pool.query(
      `INSERT INTO schedule_blasts (schedule_id, position, variant_name, message, offer_links, percent_audience)
       VALUES ($1, $2, $3, $4, $5, 50)`,
      [
        scheduleId,
        position,
        variant,
        variant === 'A' ? 'Hi there, summer sale: {{link1}}' : 'Summer deals inside: {{link1}}',
        JSON.stringify([{ key: 'link1', offer_id: offerId, url_params: {} }]),
      ],
    )
  }
  await runDueSchedules({
    pool,
    queue,
    log: platform.deps.log,
    clock: systemClock,
    pageSize: platform.config.campaignPageSize,
    defaultLinkBaseUrl: platform.ingestUrl,
    accountId,
  })

  // A short burst of live traffic: more clicks and conversions, and replies (STOP among them).
  const live = startLiveDemo({
    ...base,
    demo: target,
    secretKey: platform.config.secretKey,
    durationMs: opts.liveMs ?? 15_000,
    intervalMs: 700,
    readMs: () => 300 + Math.random() * 1_200,
  })
  t.teardown(() => live.stop())
  await live.done

  // And one STOP for certain (the burst's replies are random), through the list's inbound webhook.
  const context = (
    await sendingContexts(pool, [listId], {
      secretKey: platform.config.secretKey,
      webhookBaseUrl: platform.ingestUrl,
    })
  ).get(listId)!
  const stop = await fetch(context.statusUrl.replace('/status?', '/inbound?'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: `stop${Date.now()}`,
      from: '+12015550100', // the first of runDemoTraffic's recipients
      to: context.phoneNumber,
      text: 'STOP',
      received_at: new Date().toISOString(),
    }),
  })
  if (!stop.ok) throw new Error(`inbound STOP answered ${stop.status}`)
  await eventually(
    async () => {
      const res = await fetch(`${platform.apiUrl}/api/v2/replies?kind=opt_out`, {
        headers: { 'x-api-key': owner.apiKey },
      })
      return ((await res.json()) as { replies: unknown[] }).replies.length > 0 ? true : undefined
    },
    20_000,
    'the STOP reply',
  )
  return {
    owner,
    accountId,
    apiKey: owner.apiKey,
    listId,
    offerId,
    creativeId: target.creativeId,
    scheduleId,
    messageIds: traffic.messageIds,
    links: (
      await pool.query<{ code: string }>(
        'SELECT code FROM short_links WHERE message_id = ANY($1::text[]) ORDER BY message_id',
        [traffic.messageIds],
      )
    ).rows.map((r) => r.code),
  }
}
