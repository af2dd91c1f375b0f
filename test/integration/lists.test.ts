// Lists API (spec §6, read-only) and the operator's list creation with encrypted provider credentials.
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import {
  createSendingList,
  DEFAULT_SEND_RATE_PER_MINUTE,
  listCredentials,
  SendingListInputError,
} from '../../services/lists.js'
import { apiHarness } from '../harness/api.js'

const h = await apiHarness(t)
const a = await h.account()
const other = await h.account()
const key = h.config.secretKey

const uniqueNumber = () => `+1415${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`

t.test('create-list: defaults per number type, encrypted credentials', async (t) => {
  const credentials = JSON.stringify({ api_key: 'ib-secret-123', base_url: 'https://api.infobip.com' })
  const { id } = await createSendingList(
    h.pg.pool,
    {
      accountId: a.accountId,
      phoneNumber: uniqueNumber(),
      provider: 'infobip',
      brandName: 'Acme',
      numberType: 'toll_free',
      shortenerDomain: 'Acme.link',
      clickDomain: 'click.acme.example',
      credentialsJson: credentials,
    },
    key,
  )
  const { rows } = await h.pg.pool.query(
    'SELECT list_name, number_type, send_rate_per_minute, credentials_encrypted, shortener_domain FROM sending_lists WHERE id = $1',
    [id],
  )
  t.equal(rows[0].number_type, 'toll_free')
  t.equal(rows[0].send_rate_per_minute, DEFAULT_SEND_RATE_PER_MINUTE.toll_free)
  t.equal(rows[0].shortener_domain, 'acme.link')
  t.match(rows[0].credentials_encrypted, /^v1:/)
  t.notOk(rows[0].credentials_encrypted.includes('ib-secret-123'), 'no plaintext at rest')
  t.same(await listCredentials(h.pg.pool, id, key), JSON.parse(credentials))

  const short = await createSendingList(
    h.pg.pool,
    {
      accountId: a.accountId,
      phoneNumber: uniqueNumber(),
      provider: 'lime',
      brandName: 'B',
      numberType: 'short_code',
    },
    key,
  )
  const rate = await h.pg.pool.query('SELECT send_rate_per_minute FROM sending_lists WHERE id = $1', [
    short.id,
  ])
  t.equal(rate.rows[0].send_rate_per_minute, 17_000)
  t.equal(await listCredentials(h.pg.pool, short.id, key), null)
})

t.test('create-list rejects bad input with a message naming the flag', async (t) => {
  const base = { accountId: a.accountId, phoneNumber: uniqueNumber(), provider: 'twilio', brandName: 'B' }
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ phoneNumber: '4155551234' }, /--number/],
    [{ provider: 'nexmo' }, /--provider/],
    [{ brandName: ' ' }, /--brand/],
    [{ numberType: 'landline' }, /--number-type/],
    [{ shortenerDomain: 'not a domain' }, /--shortener-domain/],
    [{ ratePerMinute: 0 }, /--rate-per-minute/],
    [{ credentialsJson: '[1]' }, /--credentials-json/],
    [{ credentialsJson: '{bad' }, /--credentials-json/],
    [{ accountId: newObjectId() }, /no account/],
    [{ phoneNumber: a.list.phoneNumber }, /already has a list/],
  ]
  for (const [change, message] of cases) {
    await t.rejects(createSendingList(h.pg.pool, { ...base, ...change }, key), SendingListInputError)
    await t.rejects(createSendingList(h.pg.pool, { ...base, ...change }, key), { message })
  }
})

t.test('GET /lists: statuses, contact counts of active contacts only', async (t) => {
  const acct = await h.account()
  const paused = await createSendingList(
    h.pg.pool,
    {
      accountId: acct.accountId,
      phoneNumber: uniqueNumber(),
      provider: 'cm',
      brandName: 'P',
      listName: 'Paused',
    },
    key,
  )
  const deleted = await createSendingList(
    h.pg.pool,
    { accountId: acct.accountId, phoneNumber: uniqueNumber(), provider: 'cm', brandName: 'D' },
    key,
  )
  await h.pg.pool.query(`UPDATE sending_lists SET status = 'paused' WHERE id = $1`, [paused.id])
  await h.pg.pool.query(`UPDATE sending_lists SET status = 'deleted' WHERE id = $1`, [deleted.id])
  for (const [phone, active] of [
    [uniqueNumber(), true],
    [uniqueNumber(), true],
    [uniqueNumber(), false],
  ] as const) {
    const contact = await h.pg.pool.query<{ id: string }>(
      `INSERT INTO contacts (id, account_id, phone_number) VALUES ($1, $2, $3) RETURNING id`,
      [newObjectId(), acct.accountId, phone],
    )
    await h.pg.pool.query(
      'INSERT INTO list_contacts (id, account_id, list_id, contact_id, active) VALUES ($1, $2, $3, $4, $5)',
      [newObjectId(), acct.accountId, acct.list.id, contact.rows[0]!.id, active],
    )
  }

  const all = await h.request('GET', '/api/v2/lists', acct.keys.viewer)
  t.equal(all.status, 200)
  t.notOk('pagination' in all.body, 'not paginated')
  t.same(
    all.body.lists.map((l: { id: number }) => l.id),
    [acct.list.id, paused.id],
    'deleted lists are left out by default',
  )
  t.match(all.body.lists[0], {
    id: acct.list.id,
    phone_number: acct.list.phoneNumber,
    brand_name: 'Test Brand',
    list_name: 'Test list',
    list_type: 'simulator',
    status: 'active',
    contact_count: 2,
  })
  t.ok(Date.parse(all.body.lists[0].created_at))
  t.match(all.body.lists[1], { list_name: 'Paused', list_type: 'cm', status: 'paused', contact_count: 0 })
  const onlyDeleted = await h.request('GET', '/api/v2/lists?status=deleted', acct.keys.viewer)
  t.same(
    onlyDeleted.body.lists.map((l: { id: number }) => l.id),
    [deleted.id],
  )
  const onlyActive = await h.request('GET', '/api/v2/lists?status=active', acct.keys.viewer)
  t.same(
    onlyActive.body.lists.map((l: { id: number }) => l.id),
    [acct.list.id],
  )
  t.equal((await h.request('GET', '/api/v2/lists?status=gone', acct.keys.viewer)).body.code, 'invalid_status')

  const one = await h.request('GET', `/api/v2/lists/${acct.list.id}`, acct.keys.viewer)
  t.equal(one.status, 200)
  t.equal(one.body.list.contact_count, 2)
  for (const id of [deleted.id, a.list.id, other.list.id, 0, 'abc']) {
    const res = await h.request('GET', `/api/v2/lists/${id}`, acct.keys.viewer)
    t.equal(res.status, 404, `list ${id}`)
    t.equal(res.body.code, 'not_found')
  }
  t.equal((await h.request('GET', '/api/v2/lists', undefined)).body.code, 'missing_api_key')
})
