// The setup the team tests share (team.test.ts, team-invitations.test.ts, team-accounts.test.ts): an API harness
// with two accounts, `a` and `b`, and helpers to invite by email, add members the way users join, and read an
// account's audit actions. Each test file starts its own (tap runs files in separate processes).
import { randomAlphanumeric } from '../../core/ids.js'
import type { Role } from '../../core/roles.js'
import { apiHarness, type TestAccount } from './api.js'
import { tokenIn } from './mail.js'
import type { Teardown } from './platform.js'

export const email = (tag = 'user') => `${tag}-${randomAlphanumeric(10).toLowerCase()}@example.test`

/** An API harness of its own, accounts `a` and `b` on it, and the helpers over them. */
export async function teamHarness(t: Teardown) {
  const h = await apiHarness(t)
  const a = await h.account()
  const b = await h.account()

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

  return { h, a, b, invite, addMember, auditActions }
}
