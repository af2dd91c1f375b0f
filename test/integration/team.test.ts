// Accounts, roles, API keys, team and password reset (spec §1, §18) over the real API app and Postgres: the
// permissions table, key lifecycle, invitations and their expiry, owner rules, audit rows, single-use reset
// tokens, account suspension, tenant isolation, and the operator CLI.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import Fastify from 'fastify'
import t from 'tap'
import { apiKeyAuth } from '../../api/auth.js'
import { throttlePlugin } from '../../api/throttle.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import type { Role } from '../../core/roles.js'
import { httpBasics } from '../../lib/http.js'
import { postgresPlugin, redisPlugin } from '../../lib/plugins.js'
import { createApiKey, setAccountStatus } from '../../services/accounts.js'
import { createPasswordReset, verifyPassword } from '../../services/passwords.js'
import { apiHarness, type TestAccount } from '../harness/api.js'
import { linkIn, tokenIn } from '../harness/mail.js'
import { readStackEnv } from '../harness/stack.js'

const h = await apiHarness(t)
const a = await h.account()
const b = await h.account()
const ROLES: Role[] = ['owner', 'member', 'viewer']

const email = (tag = 'user') => `${tag}-${randomAlphanumeric(10).toLowerCase()}@example.test`
/** Invites `address`; the token is read from the invitation email, the only place it goes. */
async function invite(acc: TestAccount, role: Role, address = email()) {
  const nth = h.mail.countTo(address) + 1
  const res = await h.request('POST', '/api/v2/team/invitations', acc.keys.owner, { email: address, role })
  if (res.status !== 200) throw new Error(`invite failed: ${JSON.stringify(res.body)}`)
  return {
    id: res.body.invitation.id as string,
    token: tokenIn(await h.mail.mailTo(address, nth)),
    email: address,
  }
}

/** A user with access to the account, made the way users are: invited, then accepting. */
async function addMember(acc: TestAccount, role: Role): Promise<{ userId: string; email: string }> {
  const inv = await invite(acc, role)
  const res = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: inv.token,
    password: 'correct horse',
  })
  if (res.status !== 200) throw new Error(`accept failed: ${JSON.stringify(res.body)}`)
  return { userId: res.body.user_id, email: inv.email }
}

async function auditActions(accountId: string): Promise<string[]> {
  const { rows } = await h.pg.pool.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE account_id = $1 ORDER BY id',
    [accountId],
  )
  return rows.map((r) => r.action)
}

t.test('permissions table of spec §18 over the real routes', async (t) => {
  // Each action prepares its own target with the owner key, then runs as the role under test.
  const actions: Array<{
    name: string
    allowed: Role[]
    run: (key: string) => Promise<{ status: number; body: { code?: string } }>
  }> = [
    { name: 'list keys', allowed: ['owner'], run: (key) => h.request('GET', '/api/v2/keys', key) },
    {
      name: 'create key',
      allowed: ['owner'],
      run: (key) => h.request('POST', '/api/v2/keys', key, { name: 'table key' }),
    },
    {
      name: 'revoke key',
      allowed: ['owner'],
      run: async (key) => {
        const made = await h.request('POST', '/api/v2/keys', a.keys.owner, { name: 'to revoke' })
        return h.request('DELETE', `/api/v2/keys/${made.body.key.id}`, key)
      },
    },
    {
      name: 'view team',
      allowed: ['owner', 'member', 'viewer'],
      run: (key) => h.request('GET', '/api/v2/team', key),
    },
    {
      name: 'invite',
      allowed: ['owner'],
      run: (key) => h.request('POST', '/api/v2/team/invitations', key, { email: email(), role: 'member' }),
    },
    {
      name: 'resend invitation',
      allowed: ['owner'],
      run: async (key) =>
        h.request('POST', `/api/v2/team/invitations/${(await invite(a, 'member')).id}/resend`, key),
    },
    {
      name: 'delete invitation',
      allowed: ['owner'],
      run: async (key) =>
        h.request('DELETE', `/api/v2/team/invitations/${(await invite(a, 'member')).id}`, key),
    },
    {
      name: 'change role',
      allowed: ['owner'],
      run: async (key) =>
        h.request('PUT', `/api/v2/team/${(await addMember(a, 'member')).userId}`, key, { role: 'viewer' }),
    },
    {
      name: 'remove member',
      allowed: ['owner'],
      run: async (key) => h.request('DELETE', `/api/v2/team/${(await addMember(a, 'viewer')).userId}`, key),
    },
    {
      name: 'read a report (default minRole of a GET: viewer)',
      allowed: ['owner', 'member', 'viewer'],
      // 404: the message does not exist, but the role check passed.
      run: (key) => h.request('GET', '/api/v2/reports/messages/AAAAAAAA', key),
    },
  ]
  for (const action of actions) {
    for (const role of ROLES) {
      const res = await action.run(a.keys[role])
      if (action.allowed.includes(role)) {
        t.not(res.status, 403, `${role} may ${action.name}`)
        t.ok(res.status < 500, `${role} ${action.name}: ${res.status}`)
      } else {
        t.equal(res.status, 403, `${role} may not ${action.name}`)
        t.equal(res.body.code, 'forbidden')
      }
    }
  }
})

t.test(
  'minRole defaults of the auth hook: reads need viewer, writes member, public routes no key',
  async (t) => {
    const app = Fastify()
    app.decorate('config', h.config)
    await app.register(postgresPlugin, { shared: h.deps.postgres })
    await app.register(redisPlugin, { shared: h.deps.redis })
    await app.register(throttlePlugin)
    await app.register(httpBasics)
    await app.register(async (v2) => {
      await v2.register(apiKeyAuth)
      v2.get('/read', async () => ({ ok: true }))
      v2.post('/write', async () => ({ ok: true }))
      v2.post('/open', { config: { public: true } }, async () => ({ ok: true }))
    })
    t.teardown(() => app.close())
    const call = async (method: 'GET' | 'POST', url: string, key?: string) =>
      app.inject({ method, url, headers: key ? { 'x-api-key': key } : {} })
    t.equal((await call('GET', '/read', a.keys.viewer)).statusCode, 200)
    const viewerWrite = await call('POST', '/write', a.keys.viewer)
    t.equal(viewerWrite.statusCode, 403)
    t.equal(viewerWrite.json().code, 'forbidden')
    t.equal((await call('POST', '/write', a.keys.member)).statusCode, 200)
    t.equal((await call('POST', '/write', a.keys.owner)).statusCode, 200)
    t.equal((await call('POST', '/open')).statusCode, 200, 'a public route needs no key')
    t.equal((await call('POST', '/write')).json().code, 'missing_api_key')
  },
)

t.test('authentication errors on team and key routes', async (t) => {
  const none = await h.request('GET', '/api/v2/team', undefined)
  t.equal(none.status, 401)
  t.same(none.body, { error: 'API key required', code: 'missing_api_key' })
  const bad = await h.request('GET', '/api/v2/keys', `trk_${'x'.repeat(32)}`)
  t.equal(bad.status, 401)
  t.equal(bad.body.code, 'invalid_api_key')
})

t.test(
  'API keys: created with a role, shown once, listed without secrets, last use recorded, revoked at once',
  async (t) => {
    const created = await h.request('POST', '/api/v2/keys', a.keys.owner, { name: '  Reporting  ' })
    t.equal(created.status, 200)
    t.equal(created.body.success, true)
    t.match(created.body.api_key, /^trk_[A-Za-z0-9]{32}$/)
    t.same(Object.keys(created.body.key).sort(), ['created_at', 'id', 'name', 'prefix', 'role'])
    t.equal(created.body.key.name, 'Reporting')
    t.equal(created.body.key.role, 'member', 'role defaults to member')
    t.equal(created.body.key.prefix, created.body.api_key.slice(0, 8))
    const { rows } = await h.pg.pool.query('SELECT key_hash FROM api_keys WHERE id = $1', [
      created.body.key.id,
    ])
    t.not(rows[0].key_hash, created.body.api_key, 'stored as a hash')

    const viewerKey = await h.request('POST', '/api/v2/keys', a.keys.owner, { name: 'ro', role: 'viewer' })
    t.equal(viewerKey.body.key.role, 'viewer')
    t.equal((await h.request('POST', '/api/v2/keys', viewerKey.body.api_key, { name: 'x' })).status, 403)

    // The new key works, and its use is recorded (off the request path, so poll briefly).
    t.equal((await h.request('GET', '/api/v2/team', created.body.api_key)).status, 200)
    let listed: Record<string, unknown> | undefined
    for (let i = 0; i < 50; i++) {
      const list = await h.request('GET', '/api/v2/keys', a.keys.owner)
      listed = list.body.keys.find((k: { id: string }) => k.id === created.body.key.id)
      if (listed?.last_used_at) break
      await new Promise((r) => setTimeout(r, 20))
    }
    t.ok(listed, 'listed')
    t.same(Object.keys(listed as object).sort(), [
      'created_at',
      'created_by',
      'id',
      'last_used_at',
      'name',
      'prefix',
      'role',
    ])
    t.equal(listed?.created_by, a.userId)
    t.type(listed?.last_used_at, 'string')
    const list = await h.request('GET', '/api/v2/keys', a.keys.owner)
    t.notOk(JSON.stringify(list.body).includes(created.body.api_key), 'no key in the list')
    t.notOk(JSON.stringify(list.body).includes(rows[0].key_hash), 'no hash in the list')

    const revoked = await h.request('DELETE', `/api/v2/keys/${created.body.key.id}`, a.keys.owner)
    t.same(revoked.body, { success: true, revoked: true })
    const refused = await h.request('GET', '/api/v2/team', created.body.api_key)
    t.equal(refused.status, 401, 'refused at once')
    t.equal(refused.body.code, 'invalid_api_key')
    t.notOk(
      (await h.request('GET', '/api/v2/keys', a.keys.owner)).body.keys.some(
        (k: { id: string }) => k.id === created.body.key.id,
      ),
    )
    t.equal(
      (await h.request('DELETE', `/api/v2/keys/${created.body.key.id}`, a.keys.owner)).status,
      404,
      'revoked twice',
    )
  },
)

t.test('API keys: validation, last owner key, other account and unknown ids answer 404', async (t) => {
  const missing = await h.request('POST', '/api/v2/keys', a.keys.owner, {})
  t.same([missing.status, missing.body.code], [400, 'missing_name'])
  const blank = await h.request('POST', '/api/v2/keys', a.keys.owner, { name: '   ' })
  t.same([blank.status, blank.body.code], [400, 'missing_name'])
  const long = await h.request('POST', '/api/v2/keys', a.keys.owner, { name: 'n'.repeat(101) })
  t.same([long.status, long.body.code], [400, 'name_too_long'])
  const role = await h.request('POST', '/api/v2/keys', a.keys.owner, { name: 'x', role: 'admin' })
  t.same([role.status, role.body.code], [400, 'invalid_role'])

  const bKeys = await h.request('GET', '/api/v2/keys', b.keys.owner)
  const bKey = bKeys.body.keys[0].id
  const other = await h.request('DELETE', `/api/v2/keys/${bKey}`, a.keys.owner)
  t.same([other.status, other.body.code], [404, 'not_found'])
  t.equal((await h.request('DELETE', `/api/v2/keys/${newObjectId()}`, a.keys.owner)).status, 404)
  t.equal((await h.request('DELETE', '/api/v2/keys/not-an-id', a.keys.owner)).status, 404)
  t.equal((await h.request('GET', '/api/v2/team', b.keys.owner)).status, 200, 'b keeps its key')

  // c has one owner key: revoking it would leave nobody able to manage keys.
  const c = await h.account()
  const cOwnerKey = (await h.request('GET', '/api/v2/keys', c.keys.owner)).body.keys.find(
    (k: { role: string }) => k.role === 'owner',
  )
  const last = await h.request('DELETE', `/api/v2/keys/${cOwnerKey.id}`, c.keys.owner)
  t.same([last.status, last.body.code], [409, 'last_owner_key'])
  const second = await h.request('POST', '/api/v2/keys', c.keys.owner, {
    name: 'second owner',
    role: 'owner',
  })
  t.equal((await h.request('DELETE', `/api/v2/keys/${cOwnerKey.id}`, second.body.api_key)).status, 200)
})

t.test('team: members and invitations listed; invite, preview, accept', async (t) => {
  const team = await h.request('GET', '/api/v2/team', a.keys.viewer)
  t.equal(team.status, 200)
  const owner = team.body.members.find((m: { user_id: string }) => m.user_id === a.userId)
  t.match(owner, { role: 'owner', status: 'active', email: /@example\.test$/ })
  t.same(Object.keys(owner).sort(), ['created_at', 'email', 'role', 'status', 'user_id'])

  const address = email('Invitee')
  const created = await h.request('POST', '/api/v2/team/invitations', a.keys.owner, {
    email: ` ${address} `,
    role: 'viewer',
  })
  t.equal(created.status, 200)
  t.equal(created.body.success, true)
  t.match(created.body.invitation, { email: address.toLowerCase(), role: 'viewer', status: 'pending' })
  const expiresIn =
    Date.parse(created.body.invitation.expires_at) - Date.parse(created.body.invitation.created_at)
  t.ok(Math.abs(expiresIn - 7 * 86_400_000) < 5_000, 'valid 7 days')
  t.same(Object.keys(created.body).sort(), ['invitation', 'success'], 'no link or token in the reply')
  const mail = await h.mail.mailTo(address.toLowerCase())
  t.equal(
    linkIn(mail).href.replace(/token=.*/, ''),
    `${h.config.publicUrl}/accept-invitation?`,
    'the emailed link opens the dashboard page on the public URL',
  )
  const token = tokenIn(mail)
  t.match(token, /^[A-Za-z0-9_-]{43}$/)
  const stored = await h.pg.pool.query('SELECT token_hash FROM invitations WHERE id = $1', [
    created.body.invitation.id,
  ])
  t.not(stored.rows[0].token_hash, token, 'token stored hashed')

  const listed = await h.request('GET', '/api/v2/team', a.keys.member)
  const pending = listed.body.invitations.find((i: { id: string }) => i.id === created.body.invitation.id)
  t.same(Object.keys(pending).sort(), ['created_at', 'email', 'expires_at', 'id', 'role', 'status'])

  const preview = await h.request('GET', `/api/v2/invitations/accept?token=${token}`, undefined)
  t.equal(preview.status, 200)
  t.match(preview.body, {
    email: address.toLowerCase(),
    role: 'viewer',
    account_name: /^Test /,
    existing_user: false,
  })
  const noPassword = await h.request('POST', '/api/v2/invitations/accept', undefined, { token })
  t.same([noPassword.status, noPassword.body.code], [400, 'missing_password'], 'a new login needs a password')

  const weak = await h.request('POST', '/api/v2/invitations/accept', undefined, { token, password: 'short' })
  t.same([weak.status, weak.body.code], [400, 'weak_password'])
  const accepted = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token,
    password: 'long enough',
  })
  t.equal(accepted.status, 200)
  t.match(accepted.body, { success: true, account_id: a.accountId, role: 'viewer', new_user: true })
  const user = await h.pg.pool.query('SELECT password_hash FROM users WHERE id = $1', [accepted.body.user_id])
  t.ok(await verifyPassword('long enough', user.rows[0].password_hash), 'password stored with scrypt')

  const after = await h.request('GET', '/api/v2/team', a.keys.owner)
  t.match(
    after.body.members.find((m: { user_id: string }) => m.user_id === accepted.body.user_id),
    {
      role: 'viewer',
      email: address.toLowerCase(),
    },
  )
  t.notOk(
    after.body.invitations.some((i: { id: string }) => i.id === created.body.invitation.id),
    'no longer open',
  )

  const reused = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token,
    password: 'long enough',
  })
  t.same([reused.status, reused.body.code], [400, 'invalid_token'])
  const again = await h.request('POST', '/api/v2/team/invitations', a.keys.owner, {
    email: address,
    role: 'member',
  })
  t.same([again.status, again.body.code], [409, 'already_member'])
})

t.test('invitations: validation errors and bad tokens', async (t) => {
  const cases: Array<[unknown, string]> = [
    [{ role: 'member' }, 'missing_email'],
    [{ email: 'not-an-email', role: 'member' }, 'invalid_email'],
    [{ email: email() }, 'missing_role'],
    [{ email: email(), role: 'admin' }, 'invalid_role'],
  ]
  for (const [body, code] of cases) {
    const res = await h.request('POST', '/api/v2/team/invitations', a.keys.owner, body)
    t.same([res.status, res.body.code], [400, code], code)
  }
  const bad = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: 'x'.repeat(43),
    password: 'long enough',
  })
  t.same([bad.status, bad.body.code], [400, 'invalid_token'])
  const garbage = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: '../etc',
    password: 'long enough',
  })
  t.same([garbage.status, garbage.body.code], [400, 'invalid_token'])
  const noToken = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    password: 'long enough',
  })
  t.same([noToken.status, noToken.body.code], [400, 'missing_token'])
  const previewBad = await h.request('GET', `/api/v2/invitations/accept?token=${'y'.repeat(43)}`, undefined)
  t.same([previewBad.status, previewBad.body.code], [400, 'invalid_token'])
})

t.test('invitations expire after 7 days; resend gives a new link and expiry; delete withdraws', async (t) => {
  const inv = await invite(a, 'member')
  await h.pg.pool.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [
    inv.id,
  ])
  const expired = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: inv.token,
    password: 'long enough',
  })
  t.same([expired.status, expired.body.code], [410, 'token_expired'])
  const preview = await h.request('GET', `/api/v2/invitations/accept?token=${inv.token}`, undefined)
  t.equal(preview.status, 410)
  const listed = await h.request('GET', '/api/v2/team', a.keys.owner)
  t.equal(listed.body.invitations.find((i: { id: string }) => i.id === inv.id).status, 'expired')

  const resent = await h.request('POST', `/api/v2/team/invitations/${inv.id}/resend`, a.keys.owner)
  t.equal(resent.status, 200)
  t.equal(resent.body.invitation.status, 'pending')
  t.ok(Date.parse(resent.body.invitation.expires_at) > Date.now() + 7 * 86_400_000 - 60_000)
  t.notOk('invite_url' in resent.body, 'the new link is emailed, not returned')
  const newToken = tokenIn(await h.mail.mailTo(inv.email, 2))
  t.not(newToken, inv.token)
  const old = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: inv.token,
    password: 'long enough',
  })
  t.equal(old.body.code, 'invalid_token', 'the old link stops working')
  const ok = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: newToken,
    password: 'long enough',
  })
  t.equal(ok.status, 200)
  t.equal(
    (await h.request('POST', `/api/v2/team/invitations/${inv.id}/resend`, a.keys.owner)).status,
    404,
    'accepted',
  )

  const withdrawn = await invite(a, 'viewer')
  const del = await h.request('DELETE', `/api/v2/team/invitations/${withdrawn.id}`, a.keys.owner)
  t.same(del.body, { success: true, deleted: true })
  const gone = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: withdrawn.token,
    password: 'long enough',
  })
  t.equal(gone.body.code, 'invalid_token')
  t.equal((await h.request('DELETE', `/api/v2/team/invitations/${withdrawn.id}`, a.keys.owner)).status, 404)

  // A second invitation of one email replaces the first.
  const address = email()
  const first = await invite(a, 'viewer', address)
  const second = await invite(a, 'member', address)
  const open = (await h.request('GET', '/api/v2/team', a.keys.owner)).body.invitations.filter(
    (i: { email: string }) => i.email === address,
  )
  t.same(
    open.map((i: { id: string }) => i.id),
    [second.id],
  )
  t.equal(
    (
      await h.request('POST', '/api/v2/invitations/accept', undefined, {
        token: first.token,
        password: 'long enough',
      })
    ).body.code,
    'invalid_token',
  )
})

t.test(
  'invitations of an existing user: the emailed token alone gives access; no password checked or changed',
  async (t) => {
    // b's owner was made without a password: accepting attaches them and leaves the password unset.
    const bOwnerEmail = (await h.request('GET', '/api/v2/team', b.keys.owner)).body.members[0].email
    const inv = await invite(a, 'member', bOwnerEmail)
    const preview = await h.request('GET', `/api/v2/invitations/accept?token=${inv.token}`, undefined)
    t.equal(preview.body.existing_user, true)
    const res = await h.request('POST', '/api/v2/invitations/accept', undefined, {
      token: inv.token,
      password: 'attacker pw',
    })
    t.match(res.body, { success: true, user_id: b.userId, new_user: false, role: 'member' })
    const pw = await h.pg.pool.query('SELECT password_hash FROM users WHERE id = $1', [b.userId])
    t.equal(pw.rows[0].password_hash, null)

    // A user with a password joins with no password at all; a wrong one is neither checked nor stored.
    const member = await addMember(a, 'viewer')
    const toB = await invite(b, 'viewer', member.email)
    const joined = await h.request('POST', '/api/v2/invitations/accept', undefined, { token: toB.token })
    t.match(joined.body, { user_id: member.userId, account_id: b.accountId, new_user: false })
    const toC = await invite(await h.account(), 'viewer', member.email)
    const ignored = await h.request('POST', '/api/v2/invitations/accept', undefined, {
      token: toC.token,
      password: 'not the password',
    })
    t.match(ignored.body, { success: true, user_id: member.userId, new_user: false })
    const hash = (await h.pg.pool.query('SELECT password_hash FROM users WHERE id = $1', [member.userId]))
      .rows[0]
    t.ok(await verifyPassword('correct horse', hash.password_hash), 'password unchanged')
  },
)

t.test(
  'roles: change, last owner kept, keys of a demoted owner capped, nobody removes themselves',
  async (t) => {
    const c = await h.account()
    const lastDemote = await h.request('PUT', `/api/v2/team/${c.userId}`, c.keys.owner, { role: 'member' })
    t.same([lastDemote.status, lastDemote.body.code], [409, 'last_owner'])
    const self = await h.request('DELETE', `/api/v2/team/${c.userId}`, c.keys.owner)
    t.same([self.status, self.body.code], [409, 'cannot_remove_self'])
    // An operator key (made by no user) can try to remove the only owner: refused as last owner.
    const opsKey = await createApiKey(h.pg.db, c.accountId, 'ops', null, 'owner')
    const lastRemove = await h.request('DELETE', `/api/v2/team/${c.userId}`, opsKey)
    t.same([lastRemove.status, lastRemove.body.code], [409, 'last_owner'])

    const x = await addMember(c, 'member')
    const invalid = await h.request('PUT', `/api/v2/team/${x.userId}`, c.keys.owner, { role: 'root' })
    t.same([invalid.status, invalid.body.code], [400, 'invalid_role'])
    const missing = await h.request('PUT', `/api/v2/team/${x.userId}`, c.keys.owner, {})
    t.same([missing.status, missing.body.code], [400, 'missing_role'])
    const promoted = await h.request('PUT', `/api/v2/team/${x.userId}`, c.keys.owner, { role: 'owner' })
    t.equal(promoted.status, 200)
    t.match(promoted.body, { success: true, member: { user_id: x.userId, role: 'owner', email: x.email } })

    // A demoted owner's keys are capped at the new role (and stay so when promoted again).
    const xKey = await createApiKey(h.pg.db, c.accountId, 'x key', x.userId, 'owner')
    t.equal((await h.request('GET', '/api/v2/keys', xKey)).status, 200)
    const demoteC = await h.request('PUT', `/api/v2/team/${c.userId}`, xKey, { role: 'member' })
    t.equal(demoteC.status, 200, 'two owners: one may be demoted')
    t.equal((await h.request('GET', '/api/v2/keys', c.keys.owner)).status, 403, 'c’s owner key capped')
    t.equal((await h.request('PUT', `/api/v2/team/${c.userId}`, xKey, { role: 'owner' })).status, 200)
    t.equal((await h.request('GET', '/api/v2/keys', c.keys.owner)).status, 403, 'promotion raises no key')
    const demoted = await h.request('PUT', `/api/v2/team/${x.userId}`, opsKey, { role: 'member' })
    t.equal(demoted.body.member?.role, 'member')
    t.equal((await h.request('GET', '/api/v2/keys', xKey)).status, 403, 'x’s key capped at the new role')

    // Removal revokes the keys the member made.
    const removed = await h.request('DELETE', `/api/v2/team/${x.userId}`, opsKey)
    t.same(removed.body, { success: true, removed: true })
    t.equal((await h.request('GET', '/api/v2/team', xKey)).status, 401, 'their key is revoked')
    const team = await h.request('GET', '/api/v2/team', opsKey)
    t.notOk(team.body.members.some((m: { user_id: string }) => m.user_id === x.userId))
    t.equal((await h.request('DELETE', `/api/v2/team/${x.userId}`, opsKey)).status, 404, 'removed twice')

    // Demoting the only owner key's creator would leave no owner key: refused.
    const d = await h.account()
    const y = await addMember(d, 'owner')
    const onlyOwnerKey = await h.request('PUT', `/api/v2/team/${d.userId}`, d.keys.owner, { role: 'member' })
    t.same([onlyOwnerKey.status, onlyOwnerKey.body.code], [409, 'last_owner_key'])
    t.equal(
      (await h.request('GET', '/api/v2/team', d.keys.owner)).body.members.find(
        (m: { user_id: string }) => m.user_id === d.userId,
      ).role,
      'owner',
      'rolled back',
    )
    t.equal(
      (await h.request('PUT', `/api/v2/team/${y.userId}`, d.keys.owner, { role: 'viewer' })).status,
      200,
    )
  },
)

t.test('ids of another account answer 404 like missing ones', async (t) => {
  const bInvite = await invite(b, 'viewer')
  const bMember = await addMember(b, 'viewer')
  const checks: Array<[string, string, unknown?]> = [
    ['POST', `/api/v2/team/invitations/${bInvite.id}/resend`],
    ['DELETE', `/api/v2/team/invitations/${bInvite.id}`],
    ['PUT', `/api/v2/team/${bMember.userId}`, { role: 'member' }],
    ['DELETE', `/api/v2/team/${bMember.userId}`],
    ['PUT', `/api/v2/team/${newObjectId()}`, { role: 'member' }],
    ['DELETE', `/api/v2/team/${newObjectId()}`],
    ['DELETE', '/api/v2/team/invitations/nope'],
  ]
  for (const [method, url, body] of checks) {
    const res = await h.request(method as 'POST', url, a.keys.owner, body)
    t.same([res.status, res.body.code], [404, 'not_found'], `${method} ${url}`)
  }
  const bTeam = await h.request('GET', '/api/v2/team', b.keys.owner)
  t.ok(
    bTeam.body.invitations.some((i: { id: string }) => i.id === bInvite.id),
    'b’s invitation untouched',
  )
  t.ok(
    bTeam.body.members.some(
      (m: { user_id: string; role: string }) => m.user_id === bMember.userId && m.role === 'viewer',
    ),
  )
  const aTeam = await h.request('GET', '/api/v2/team', a.keys.owner)
  t.notOk(
    aTeam.body.invitations.some((i: { id: string }) => i.id === bInvite.id),
    'a does not see b’s invitations',
  )
})

t.test('password reset: no enumeration, token valid 1 h, single use, weak passwords refused', async (t) => {
  const member = await addMember(a, 'member')
  const count = async () =>
    (
      await h.pg.pool.query('SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1', [
        member.userId,
      ])
    ).rows[0].n
  const before = await count()
  const known = await h.request('POST', '/api/v2/auth/password-reset', undefined, {
    email: member.email.toUpperCase(),
  })
  const unknown = await h.request('POST', '/api/v2/auth/password-reset', undefined, {
    email: email('nobody'),
  })
  t.same([known.status, known.body], [200, { success: true }])
  t.same([unknown.status, unknown.body], [200, { success: true }], 'same answer for an unknown email')
  t.equal(await count(), before + 1, 'a token was made for the known email')
  const missing = await h.request('POST', '/api/v2/auth/password-reset', undefined, {})
  t.same([missing.status, missing.body.code], [400, 'missing_email'])

  const reset = await createPasswordReset(h.pg.pool, member.email)
  const other = await createPasswordReset(h.pg.pool, member.email)
  t.ok(reset && other)
  if (!reset || !other) return
  t.ok(Math.abs(reset.expiresAt.getTime() - Date.now() - 3_600_000) < 5_000, 'valid 1 hour')
  const weak = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token: reset.token,
    password: '1234567',
  })
  t.same([weak.status, weak.body.code], [400, 'weak_password'])
  const ok = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token: reset.token,
    password: 'new password!',
  })
  t.same([ok.status, ok.body], [200, { success: true }])
  const user = await h.pg.pool.query('SELECT password_hash FROM users WHERE id = $1', [member.userId])
  t.ok(await verifyPassword('new password!', user.rows[0].password_hash))
  t.notOk(await verifyPassword('correct horse', user.rows[0].password_hash))
  const reused = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token: reset.token,
    password: 'another one',
  })
  t.same([reused.status, reused.body.code], [400, 'invalid_token'], 'single use')
  const sibling = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token: other.token,
    password: 'another one',
  })
  t.equal(sibling.body.code, 'invalid_token', 'older tokens are void once the password changed')

  const late = await createPasswordReset(h.pg.pool, member.email)
  await h.pg.pool.query(
    `UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1 AND used_at IS NULL`,
    [member.userId],
  )
  const expired = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token: late?.token,
    password: 'another one',
  })
  t.same([expired.status, expired.body.code], [410, 'token_expired'])
  const bad = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token: 'z'.repeat(43),
    password: 'another one',
  })
  t.same([bad.status, bad.body.code], [400, 'invalid_token'])
  const noToken = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    password: 'another one',
  })
  t.same([noToken.status, noToken.body.code], [400, 'missing_token'])
  const audit = await h.pg.pool.query(
    `SELECT actor FROM audit_log WHERE action = 'user.password_reset' AND target = $1`,
    [member.userId],
  )
  t.same(audit.rows, [{ actor: `user:${member.userId}` }])
})

t.test('every key and team action is audited with its actor and target', async (t) => {
  const actions = await auditActions(a.accountId)
  for (const action of [
    'api_key.created',
    'api_key.revoked',
    'invitation.created',
    'invitation.resent',
    'invitation.deleted',
    'invitation.accepted',
    'member.role_changed',
    'member.removed',
  ]) {
    t.ok(actions.includes(action), action)
  }
  const { rows } = await h.pg.pool.query(
    `SELECT actor, target FROM audit_log WHERE account_id = $1 AND action = 'api_key.created' ORDER BY id LIMIT 1`,
    [a.accountId],
  )
  t.match(rows[0], { actor: /^key:[0-9a-f]{24}$/, target: /^[0-9a-f]{24}$/ })
})

t.test('a suspended account is refused on every request at once; activation restores it', async (t) => {
  const c = await h.account()
  const inv = await invite(c, 'member')
  t.ok(await setAccountStatus(h.pg.pool, c.accountId, 'suspended'))
  for (const [method, url, key, body] of [
    ['GET', '/api/v2/team', c.keys.viewer],
    ['GET', '/api/v2/keys', c.keys.owner],
    ['POST', '/api/v2/keys', c.keys.owner, { name: 'x' }],
    ['GET', '/api/v2/reports/messages/AAAAAAAA', c.keys.member],
  ] as const) {
    const res = await h.request(method, url, key, body)
    t.equal(res.status, 403, `${method} ${url}`)
    t.same(res.body, { error: 'Account is suspended', code: 'account_suspended' })
  }
  const accept = await h.request('POST', '/api/v2/invitations/accept', undefined, {
    token: inv.token,
    password: 'long enough',
  })
  t.same([accept.status, accept.body.code], [403, 'account_suspended'], 'nobody joins a suspended account')
  t.ok(await setAccountStatus(h.pg.pool, c.accountId, 'active'))
  t.equal((await h.request('GET', '/api/v2/team', c.keys.viewer)).status, 200)
  t.ok(await setAccountStatus(h.pg.pool, c.accountId, 'deleted'))
  t.equal(
    (await h.request('GET', '/api/v2/team', c.keys.owner)).body.code,
    'invalid_api_key',
    'deleted: keys are dead',
  )
  t.notOk(await setAccountStatus(h.pg.pool, newObjectId(), 'suspended'), 'unknown account')
  const audit = await auditActions(c.accountId)
  t.same(audit.slice(-3), ['account.suspended', 'account.active', 'account.deleted'])
})

t.test('CLI: suspend-account, activate-account, reset-password', async (t) => {
  const run = promisify(execFile)
  const env = {
    ...process.env,
    DATABASE_URL: readStackEnv().DATABASE_URL,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
  }
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'bin/trackly.ts', ...args], { env, timeout: 60_000 })
  const c = await h.account()
  const suspended = await cli('suspend-account', '--id', c.accountId)
  t.match(suspended.stdout, `account ${c.accountId} is now suspended`)
  t.equal((await h.request('GET', '/api/v2/team', c.keys.owner)).body.code, 'account_suspended')
  await cli('activate-account', '--id', c.accountId)
  t.equal((await h.request('GET', '/api/v2/team', c.keys.owner)).status, 200)

  const member = await addMember(c, 'member')
  const printed = await cli('reset-password', '--email', member.email)
  const token = /^\s+([A-Za-z0-9_-]{43})$/m.exec(printed.stdout)?.[1]
  t.ok(token, 'prints the token')
  const ok = await h.request('POST', '/api/v2/auth/password-reset/confirm', undefined, {
    token,
    password: 'from the cli',
  })
  t.equal(ok.status, 200)
  await t.rejects(cli('reset-password', '--email', email('nobody')), 'unknown email fails')
})

t.test('OpenAPI: key and team routes documented; public routes need no API key', async (t) => {
  const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json()
  for (const [path, method] of [
    ['/api/v2/keys', 'get'],
    ['/api/v2/keys', 'post'],
    ['/api/v2/keys/{id}', 'delete'],
    ['/api/v2/team', 'get'],
    ['/api/v2/team/invitations', 'post'],
    ['/api/v2/team/invitations/{id}/resend', 'post'],
    ['/api/v2/team/invitations/{id}', 'delete'],
    ['/api/v2/team/{user_id}', 'put'],
    ['/api/v2/team/{user_id}', 'delete'],
  ] as const) {
    t.ok(doc.paths[path]?.[method], `${method} ${path}`)
  }
  for (const path of [
    '/api/v2/invitations/accept',
    '/api/v2/auth/password-reset',
    '/api/v2/auth/password-reset/confirm',
  ]) {
    t.same(doc.paths[path]?.post?.security, [], `${path} is public`)
  }
  t.same(doc.paths['/api/v2/auth/password-reset/confirm']?.get?.security, [], 'reset link preview is public')
  const reply = doc.paths['/api/v2/team/invitations'].post.responses['200'].content['application/json'].schema
  t.notOk(reply.properties.invite_url, 'no link in the inviter’s reply')
  t.match(doc.paths['/api/v2/team/invitations'].post.description, /emailed to the invitee/)
})
