// The frame of every signed-in page: skip link, navigation, the account and the user, then the page.
import { Suspense } from 'react'
import { NavLink, Outlet } from 'react-router-dom'
import { useSession } from '../api/session'
import { Loading } from '../ui/Loading'
import { AccountSwitcher } from './AccountSwitcher'
import { SignOutButtons } from './SignOutButtons'

const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/reports/performance', label: 'Performance' },
  { to: '/reports/ltv', label: 'LTV cohorts' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/offers', label: 'Offers' },
  { to: '/creatives', label: 'Creatives' },
  { to: '/lists', label: 'Lists' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/audiences', label: 'Audiences' },
  { to: '/journeys', label: 'Journeys' },
  { to: '/replies', label: 'Replies' },
  { to: '/settings/account', label: 'Settings' },
  { to: '/settings/security', label: 'Security' },
]

export function AppShell() {
  const { data: session } = useSession()
  if (!session) return null
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Trackly</span>
        <AccountSwitcher session={session} />
        <span className="user" title={session.user.email}>
          {session.user.name || session.user.email}
        </span>
        <SignOutButtons />
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  )
}
