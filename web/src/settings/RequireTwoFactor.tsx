// The owner's switch: everyone in the account must use two-factor authentication.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Switch } from 'react-aria-components'
import { api, unwrap } from '../api/client'
import { SESSION_KEY } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'

const KEY = ['account-security'] as const

export function RequireTwoFactor() {
  const client = useQueryClient()
  const security = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/api/v2/account/security')) })
  const change = useMutation({
    mutationFn: (on: boolean) =>
      unwrap(api.PUT('/api/v2/account/security', { body: { require_two_factor: on } })),
    onSuccess: (data) => {
      client.setQueryData(KEY, { require_two_factor: data.require_two_factor })
      // The owner's own session may now need two-factor set up (two_factor_setup_required).
      void client.invalidateQueries({ queryKey: SESSION_KEY })
    },
  })
  return (
    <>
      <h2>Account</h2>
      <ErrorNote error={security.error ?? change.error} />
      {security.data && (
        <Switch
          className="switch"
          data-write=""
          isSelected={security.data.require_two_factor}
          isDisabled={change.isPending}
          onChange={(on) => change.mutate(on)}
        >
          <span className="switch-track" aria-hidden="true" />
          Require two-factor authentication for everyone in this account
        </Switch>
      )}
    </>
  )
}
