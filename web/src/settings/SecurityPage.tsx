// Settings → Security: the user's own two-factor authentication, and for owners the account's "require 2FA".
import { useSession } from '../api/session'
import { Loading } from '../ui/Loading'
import { RequireTwoFactor } from './RequireTwoFactor'
import { TwoFactorDisable } from './TwoFactorDisable'
import { TwoFactorSetup } from './TwoFactorSetup'

export default function SecurityPage() {
  const { data: session } = useSession()
  if (!session) return <Loading />
  const role = session.accounts.find((a) => a.id === session.current_account_id)?.role
  return (
    <section>
      <h1>Security</h1>
      <h2>Two-factor authentication</h2>
      {session.two_factor_enabled ? <TwoFactorDisable /> : <TwoFactorSetup />}
      {role === 'owner' && <RequireTwoFactor />}
    </section>
  )
}
