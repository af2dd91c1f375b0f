// Settings → Security: the user's own two-factor authentication and password, and for owners the account's
// "require 2FA".
import { useSession } from '../api/session'
import { Loading } from '../ui/Loading'
import { ChangePassword } from './ChangePassword'
import { RequireTwoFactor } from './RequireTwoFactor'
import { SettingsNav } from './SettingsNav'
import { TwoFactorDisable } from './TwoFactorDisable'
import { TwoFactorSetup } from './TwoFactorSetup'

export default function SecurityPage() {
  const { data: session } = useSession()
  if (!session) return <Loading />
  const role = session.accounts.find((a) => a.id === session.current_account_id)?.role
  return (
    <section>
      <h1>Security</h1>
      <SettingsNav />
      {session.two_factor_setup_required && (
        <p className="notice" role="alert">
          This account requires two-factor authentication. Turn it on to use the dashboard.
        </p>
      )}
      <h2>Two-factor authentication</h2>
      {session.two_factor_enabled ? <TwoFactorDisable /> : <TwoFactorSetup />}
      <h2>Password</h2>
      <ChangePassword />
      {role === 'owner' && <RequireTwoFactor />}
    </section>
  )
}
