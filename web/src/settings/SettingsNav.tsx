// The settings pages' own navigation; pages only owners may open (API keys, audit log) are listed only to owners.
import { NavLink } from 'react-router-dom'
import { useCan } from '../api/session'

const PAGES = [
  { to: '/settings/account', label: 'Account', owner: false },
  { to: '/settings/security', label: 'Security', owner: false },
  { to: '/settings/team', label: 'Team', owner: false },
  { to: '/settings/webhooks', label: 'Webhooks', owner: false },
  { to: '/settings/postbacks', label: 'Postbacks', owner: false },
  { to: '/settings/tracking', label: 'Tracking', owner: false },
  { to: '/settings/api-keys', label: 'API keys', owner: true },
  { to: '/settings/audit-log', label: 'Audit log', owner: true },
]

export function SettingsNav() {
  const owner = useCan('owner')
  return (
    <nav className="settings-nav" aria-label="Settings">
      <ul className="inline-form">
        {PAGES.filter((p) => owner || !p.owner).map((p) => (
          <li key={p.to}>
            <NavLink to={p.to}>{p.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
