// The account's audit log (spec §18), newest first, with each actor named as a person reads it: the user's
// email, or the key's name and display prefix (never another account's key: the join is scoped to the account).
import type pg from 'pg'
import type { AuditEntryView } from '../core/views/audit-log.js'

interface Row {
  id: number
  created_at: Date
  actor: string
  action: string
  target: string | null
  detail: Record<string, unknown> | null
  user_email: string | null
  key_name: string | null
  key_prefix: string | null
}

function actorOf(r: Row): Pick<AuditEntryView, 'actor' | 'actor_type'> {
  if (r.actor.startsWith('key:')) {
    const label = r.key_name === null ? r.actor.slice(4) : `${r.key_name} (${r.key_prefix}…)`
    return { actor: label, actor_type: 'key' }
  }
  if (r.actor.startsWith('user:')) return { actor: r.user_email ?? r.actor.slice(5), actor_type: 'user' }
  return { actor: r.actor, actor_type: 'operator' }
}

export async function listAuditLog(
  pool: pg.Pool,
  accountId: string,
  page: { limit: number; offset: number },
): Promise<{ entries: AuditEntryView[]; total: number }> {
  const [{ rows }, { rows: count }] = await Promise.all([
    pool.query<Row>(
      `SELECT l.id, l.created_at, l.actor, l.action, l.target, l.detail,
              u.email AS user_email, k.name AS key_name, k.display_prefix AS key_prefix
         FROM audit_log l
         LEFT JOIN users u ON l.actor LIKE 'user:%' AND u.id = substring(l.actor FROM 6)
         LEFT JOIN api_keys k ON l.actor LIKE 'key:%' AND k.id = substring(l.actor FROM 5)
                             AND k.account_id = l.account_id
        WHERE l.account_id = $1
        ORDER BY l.created_at DESC, l.id DESC
        LIMIT $2 OFFSET $3`,
      [accountId, page.limit, page.offset],
    ),
    pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE account_id = $1', [accountId]),
  ])
  return {
    entries: rows.map((r) => ({
      id: r.id,
      at: r.created_at.toISOString(),
      ...actorOf(r),
      action: r.action,
      target: r.target,
      details: r.detail ?? {},
    })),
    total: count[0]?.n ?? 0,
  }
}
