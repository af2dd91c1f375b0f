// An error announced to screen readers (role=alert), with the API's message when there is one.
import { ApiError } from '../api/client'

export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something went wrong. Try again.'
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null
  return (
    <p className="error" role="alert">
      {errorText(error)}
    </p>
  )
}
