// Roles and permissions (spec §18) over the real API app and Postgres: the permissions table, the auth hook's
// minRole defaults, owner rules, ids of another account, audit rows and the OpenAPI document of the key and team
// routes. Invitations are in team-invitations.test.ts; keys, password reset and suspension in team-accounts.test.ts.
import Fastify from 'fastify'
import t from 'tap'
import { apiKeyAuth } from '../../api/auth.js'
import { throttlePlugin } from '../../api/throttle.js'
import { newObjectId } from '../../core/ids.js'
import type { Role } from '../../core/roles.js'
import { httpBasics } from '../../lib/http.js'
import { postgresPlugin, redisPlugin } from '../../lib/plugins.js'
import { createApiKey } from '../../services/accounts.js'
import { email, teamHarness } from '../harness/team.js'

const { h, a, b, invite, addMember, auditActions } = await teamHarness(t)
const ROLES: Role[] = ['owner', 'member', 'viewer']

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
