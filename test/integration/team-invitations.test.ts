// Team invitations (spec §1, §18) over the real API app and Postgres: the team listing, inviting by email,
// preview and acceptance, validation and bad tokens, expiry, resend and withdrawal, and existing users joining.
import t from 'tap'
import { verifyPassword } from '../../services/passwords.js'
import { linkIn, tokenIn } from '../harness/mail.js'
import { email, teamHarness } from '../harness/team.js'

const { h, a, b, invite, addMember } = await teamHarness(t)

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
