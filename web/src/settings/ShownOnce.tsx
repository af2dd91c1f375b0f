// A secret the API shows only in this reply (a webhook's signing secret on create or rotate), with a copy button;
// a refused clipboard says so and leaves the secret to select.
import { useState } from 'react'
import { Button } from 'react-aria-components'

interface Props {
  /** What the secret is, e.g. "Endpoint … registered. Its signing secret". */
  what: string
  secret: string
  testId: string
  /** Whether the API shows it again (postback secrets are shown to owners in the settings). */
  once?: boolean
}

export function ShownOnce({ what, secret, testId, once = true }: Props) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    )
  return (
    <div className="notice" role="status">
      <p>
        {what}
        {once ? ' is shown only now: copy it.' : ':'}
      </p>
      <p>
        <code data-testid={testId}>{secret}</code> <Button onPress={() => void copy()}>Copy secret</Button>
        {copied === 'yes' && <span> Copied.</span>}
        {copied === 'failed' && <span> Could not copy: select the secret and copy it.</span>}
      </p>
    </div>
  )
}
