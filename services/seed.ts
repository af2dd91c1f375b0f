// First-run demo data: an account with an owner and API key, a sending list on the local simulator provider,
// an offer and a creative. Seeding happens once; later starts keep what exists.
import type pg from 'pg'
import { encryptSecret } from '../core/crypto.js'
import { newObjectId } from '../core/ids.js'
import type { Db } from '../lib/postgres.js'
import { createAccount } from './accounts.js'

export const DEMO_EMAIL = 'demo@trackly.local'

export interface DemoAccount {
  accountId: string
  apiKey: string
  listId: number
  listNumber: string
  offerId: string
  creativeId: number
}

export async function seedDemo(db: Db, pool: pg.Pool, secretKey: string): Promise<DemoAccount | null> {
  const existing = await pool.query('SELECT 1 FROM accounts WHERE owner_email = $1', [DEMO_EMAIL])
  if (existing.rowCount) return null
  const { accountId, apiKey } = await createAccount(db, { name: 'Demo Marketing', ownerEmail: DEMO_EMAIL })
  // The demo sends to fictional numbers through the simulator, at whatever hour a newcomer starts it; real
  // accounts keep quiet hours on (the default).
  await pool.query(`UPDATE accounts SET settings = '{"messaging":{"quiet_hours":false}}' WHERE id = $1`, [
    accountId,
  ])
  const listNumber = '+18005550100'
  const list = await pool.query<{ id: number }>(
    `INSERT INTO sending_lists (account_id, phone_number, list_name, brand_name, provider, number_type, help_text,
                                credentials_encrypted)
     VALUES ($1, $2, 'Demo list', 'Trackly Demo', 'simulator', 'toll_free', 'Trackly Demo: msg&data rates may apply. Reply STOP to opt out.', $3)
     RETURNING id`,
    // The simulator then behaves like a real audience: a few undelivered, a few replies (some of them STOP).
    [
      accountId,
      listNumber,
      encryptSecret(JSON.stringify({ delivery_rate: 0.93, reply_rate: 0.05 }), secretKey),
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
  return {
    accountId,
    apiKey,
    listId: list.rows[0]!.id,
    listNumber,
    offerId,
    creativeId: creative.rows[0]!.id,
  }
}
