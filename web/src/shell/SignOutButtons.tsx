// Sign out (this browser) and sign out everywhere (every session of the user, other browsers included).
import { useMutation } from '@tanstack/react-query'
import { Button } from 'react-aria-components'
import { useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useAdoptSession } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'

export function SignOutButtons() {
  const adopt = useAdoptSession()
  const navigate = useNavigate()
  const signOut = useMutation({
    mutationFn: (everywhere: boolean) =>
      unwrap(api.POST(everywhere ? '/api/v2/auth/sign-out-everywhere' : '/api/v2/auth/sign-out')),
    onSuccess: () => {
      adopt(null)
      navigate('/sign-in')
    },
  })
  return (
    <div className="sign-out">
      <Button onPress={() => signOut.mutate(false)} isDisabled={signOut.isPending}>
        Sign out
      </Button>
      <Button onPress={() => signOut.mutate(true)} isDisabled={signOut.isPending}>
        Sign out everywhere
      </Button>
      <ErrorNote error={signOut.error} />
    </div>
  )
}
