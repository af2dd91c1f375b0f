// API keys and accounts (spec §1, §18) over the real API app and Postgres: key lifecycle and validation,
// single-use password reset tokens, account suspension, and the operator CLI.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { newObjectId } from '../../core/ids.js'
import { setAccountStatus } from '../../services/accounts.js'
import { createPasswordReset, verifyPassword } from '../../services/passwords.js'
import { readStackEnv } from '../harness/stack.js'
import { email, teamHarness } from '../harness/team.js'

const { h, a, b, invite, addMember, auditActions } = await teamHarness(t)

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
