// The signed-in session (GET /auth/session): who the user is, their accounts and roles, the current account.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, api, setCsrfToken, unwrap } from './client'
import type { Reply } from './types'

export type Session = Reply<'/api/v2/auth/session'>
export type Role = Session['accounts'][number]['role']

export const SESSION_KEY = ['session'] as const

/** The session, or null when signed out (401). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await unwrap(api.GET('/api/v2/auth/session'))
    setCsrfToken(session.csrf_token)
    return session
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(undefined)
      return null
    }
    throw err
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false })
}

/** The role on the current account; undefined while signed out. */
export function currentRole(session: Session | null | undefined): Role | undefined {
  return session?.accounts.find((a) => a.id === session.current_account_id)?.role
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, owner: 2 }

/** Whether the signed-in user's role on the current account reaches `needed`. */
export function useCan(needed: Role): boolean {
  const { data } = useSession()
  const role = currentRole(data)
  return role !== undefined && RANK[role] >= RANK[needed]
}

/** Stores a session the API just returned (sign-in, account switch) and drops every account's cached data. */
export function useAdoptSession() {
  const client = useQueryClient()
  return (session: Session | null) => {
    setCsrfToken(session?.csrf_token)
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] })
    client.setQueryData(SESSION_KEY, session)
  }
}
