// Pages behind sign-in: a signed-out visitor goes to /sign-in and comes back to the page asked for afterwards.
import { Navigate, Outlet, useLocation } from 'react-router-dom'
import { useSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'

export function RequireSession() {
  const { data: session, error, isPending } = useSession()
  const location = useLocation()
  if (isPending) return <Loading />
  if (error) return <ErrorNote error={error} />
  if (!session) {
    const next = `${location.pathname}${location.search}`
    return <Navigate to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />
  }
  return <Outlet />
}
