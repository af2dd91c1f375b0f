// Pages behind sign-in: a signed-out visitor goes to /sign-in and comes back to the page asked for afterwards;
// a user whose account requires two-factor goes to Settings → Security until it is on.
import { Navigate, Outlet, useLocation } from 'react-router-dom'
import { useSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'

const SECURITY = '/settings/security'

export function RequireSession() {
  const { data: session, error, isPending } = useSession()
  const location = useLocation()
  if (isPending) return <Loading />
  if (error) return <ErrorNote error={error} />
  if (!session) {
    const next = `${location.pathname}${location.search}`
    return <Navigate to={`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />
  }
  // An account that requires two-factor answers nothing else until the user has turned it on.
  if (session.two_factor_setup_required && location.pathname !== SECURITY)
    return <Navigate to={SECURITY} replace />
  return <Outlet />
}
