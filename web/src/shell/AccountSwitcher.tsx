// For a user with several accounts: the current account, switched through the API (PUT /auth/session/account).
import { useMutation } from '@tanstack/react-query'
import { useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { type Session, useAdoptSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { SelectField } from '../ui/SelectField'

export function AccountSwitcher({ session }: { session: Session }) {
  const adopt = useAdoptSession()
  const navigate = useNavigate()
  const change = useMutation({
    mutationFn: (accountId: string) =>
      unwrap(api.PUT('/api/v2/auth/session/account', { body: { account_id: accountId } })),
    onSuccess: (next) => {
      adopt(next)
      navigate('/')
    },
  })
  if (session.accounts.length < 2) {
    const only = session.accounts[0]
    return only ? <span className="account-name">{only.name}</span> : null
  }
  return (
    <div className="account-switcher">
      <SelectField
        label="Account"
        value={session.current_account_id}
        options={session.accounts.map((a) => ({ id: a.id, name: `${a.name} (${a.role})` }))}
        onChange={(id) => change.mutate(id)}
        isDisabled={change.isPending}
      />
      <ErrorNote error={change.error} />
    </div>
  )
}
