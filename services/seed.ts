// First-run demo data: an account with an owner and API key, a sending list on the local simulator provider,
// an offer and a creative. Seeding happens once; later starts keep what exists.
import type pg from 'pg'
import { encryptSecret } from '../core/crypto.js'
import { newObjectId } from '../core/ids.js'
import { localDateAt } from '../core/quiet-hours.js'
import type { Db } from '../lib/postgres.js'
import { createAccount } from './accounts.js'
import { createJourney } from './journey-definitions.js'
import { isHostName } from './lists.js'
import { hashPassword, verifyPassword } from './passwords.js'

export const DEMO_EMAIL = 'demo@trackly.local'
/** The demo owner's dashboard password: printed by `trackly start`, and given only outside production. */
export const DEMO_PASSWORD = 'trackly-demo'

export interface DemoAccount {
  accountId: string
  apiKey: string
  /** What the demo's conversion postbacks carry, as a network pasting the settings' URL would. */
  postbackSecret: string
  listId: number
  listNumber: string
  offerId: string
  creativeId: number
  scheduleId: string
  journeyId: string
}

/** The demo list's number. */
export const DEMO_LIST_NUMBER = '+18005550100'

/** A reserved name (RFC 2606) for the demo's short links when the platform's own link host is not a public one. */
export const DEMO_SHORTENER_DOMAIN = 'go.trackly.example'

/**
 * The demo list's link-shortener domain, so that `POST /links` and `/links/shorten` work out of the box: the host
 * of the platform's public link URL when it is a plain host name (a deployment's), else DEMO_SHORTENER_DOMAIN.
 * Either way the click-tracker URL those replies carry points at this platform's ingest.
 */
export function demoShortenerDomain(publicLinkBaseUrl: string): string {
  const url = URL.canParse(publicLinkBaseUrl) ? new URL(publicLinkBaseUrl) : null
  return url && url.port === '' && isHostName(url.hostname)
    ? url.hostname.toLowerCase()
    : DEMO_SHORTENER_DOMAIN
}

export async function seedDemo(
  db: Db,
  pool: pg.Pool,
  secretKey: string,
  shortenerDomain: string = DEMO_SHORTENER_DOMAIN,
): Promise<DemoAccount | null> {
  const existing = await pool.query<{ id: string }>('SELECT id FROM accounts WHERE owner_email = $1', [
    DEMO_EMAIL,
  ])
  if (existing.rows[0]) {
    // A demo seeded before lists had a shortener domain gets one too.
    await pool.query(
      `UPDATE sending_lists SET shortener_domain = $3
        WHERE account_id = $1 AND phone_number = $2 AND shortener_domain IS NULL`,
      [existing.rows[0].id, DEMO_LIST_NUMBER, shortenerDomain],
    )
    return null
  }
  const { accountId, apiKey, postbackSecret } = await createAccount(
    db,
    { name: 'Demo Marketing', ownerEmail: DEMO_EMAIL },
    secretKey,
  )
  // The demo sends to fictional numbers through the simulator, at whatever hour a newcomer starts it; real
  // accounts keep quiet hours on (the default).
  await pool.query(`UPDATE accounts SET settings = '{"messaging":{"quiet_hours":false}}' WHERE id = $1`, [
    accountId,
  ])
  const listNumber = DEMO_LIST_NUMBER
  const list = await pool.query<{ id: number }>(
    `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, number_type, help_text,
                                credentials_encrypted, shortener_domain)
     VALUES ($1, $2, 'Demo list', 'Trackly Demo', 'simulator', 'toll_free', 'Trackly Demo: msg&data rates may apply. Reply STOP to opt out.', $3, $4)
     RETURNING id`,
    // The simulator then behaves like a real audience: a few undelivered, a few replies (some of them STOP).
    [
      accountId,
      listNumber,
      encryptSecret(JSON.stringify({ delivery_rate: 0.93, reply_rate: 0.05 }), secretKey),
      shortenerDomain,
    ],
  )
  const offerId = newObjectId()
  await pool.query(
    `INSERT INTO offers (id, account_id, slug, name, tracking_url, external_platform, payout, payout_type)
     VALUES ($1, $2, $3, 'Summer Sale', 'https://offers.example.com/summer?aff_id=42', 'everflow', 12.5, 'cpa')`,
    [offerId, accountId, `ofr_summer_sale_${offerId.slice(-6)}`],
  )
  const creative = await pool.query<{ id: number }>(
    `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type)
     VALUES ($1, 'cre_summer_000001', 'Summer blast', 'Summer sale is on! 40% off today only: {{link1}}', $2, 'one_time')
     RETURNING id`,
    [accountId, JSON.stringify([{ key: 'link1', offer_id: offerId, url: null, url_params: {} }])],
  )
  // Two automated creatives for the ML selector, an audience of everyone, and a campaign due now: the scheduler
  // fires it on its next minute, half the contacts on blast variants and half chosen by Thompson sampling.
  for (const [i, text] of [
    'Last call: summer sale ends tonight {{link1}}',
    'Your 40% code is waiting {{link1}}',
  ].entries()) {
    await pool.query(
      `INSERT INTO creatives (account_id, slug, name, message, offer_links, creative_type)
       VALUES ($1, $2, $3, $4, $5, 'automated')`,
      [
        accountId,
        `cre_auto_00000${i + 1}`,
        `Automated ${i + 1}`,
        text,
        JSON.stringify([{ key: 'link1', offer_id: offerId, url: null, url_params: {} }]),
      ],
    )
  }
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
                            automated_percent, audience_ids)
     VALUES ($1, $2, 'Demo campaign', 'blast', 'on', false, $3, $4, 50, ARRAY[$5])`,
    [scheduleId, accountId, sendTime, localDateAt(now, zone), audienceId],
  )
  for (const [position, variant] of ['A', 'B'].entries()) {
    await pool.query(
      `INSERT INTO schedule_blasts (schedule_id, position, variant_name, message, offer_links, percent_audience)
       VALUES ($1, $2, $3, $4, $5, 50)`,
      [
        scheduleId,
        position,
        variant,
        variant === 'A'
          ? 'Hi {{first_name|there}}, summer sale: {{link1}}'
          : 'Summer deals inside: {{link1}}',
        JSON.stringify([{ key: 'link1', offer_id: offerId, url_params: {} }]),
      ],
    )
  }
  const journey = await createJourney(pool, accountId, {
    name: 'Welcome',
    status: 'active',
    trigger: { operator: 'AND', conditions: [{ type: 'list', list_id: list.rows[0]!.id }], groups: [] },
    steps: [
      {
        type: 'send_message',
        message: 'Welcome to {{brand_name}}! Your code: {{link1}}',
        offer_links: [{ key: 'link1', offer_id: offerId }],
      },
      { type: 'wait', amount: 2, unit: 'minutes' },
      { type: 'condition', check: 'clicked_since_enrollment', yes: 4, no: 3 },
      {
        type: 'send_message',
        message: 'Still thinking? 40% off ends soon: {{link1}}',
        offer_links: [{ key: 'link1', offer_id: offerId }],
      },
      { type: 'exit' },
    ],
  })
  return {
    accountId,
    apiKey,
    postbackSecret,
    listId: list.rows[0]!.id,
    listNumber,
    offerId,
    creativeId: creative.rows[0]!.id,
    scheduleId,
    journeyId: journey.id,
  }
}

/**
 * Gives the demo owner the demo password when they have none (a demo seeded before sign-in existed, or just now).
 * Answers whether the demo password signs in (false once someone changed it), or null without a demo owner.
 */
export async function ensureDemoLogin(pool: pg.Pool): Promise<boolean | null> {
  const hash = await hashPassword(DEMO_PASSWORD)
  const { rows } = await pool.query<{ password_hash: string }>(
    `UPDATE users SET password_hash = COALESCE(password_hash, $2), name = COALESCE(name, 'Demo Owner')
      WHERE email = $1 RETURNING password_hash`,
    [DEMO_EMAIL, hash],
  )
  const stored = rows[0]?.password_hash
  return stored === undefined ? null : verifyPassword(DEMO_PASSWORD, stored)
}
