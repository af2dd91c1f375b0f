// The postback allow-list editor's client-side checks: the API's updatePostbackAllowlist schema (from the OpenAPI
// document); whether each entry is an
// address or range is the API's to say (invalid_ip_allowlist), shown beside the field all the same.

import { REQUEST_SCHEMAS } from '../api/requestSchemas.js'
import { requestIssues } from '../api/validate.js'

const ALLOWLIST = REQUEST_SCHEMAS.updatePostbackAllowlist.properties.ip_allowlist
export const ALLOWLIST_LIMITS = { entries: ALLOWLIST.maxItems, length: ALLOWLIST.items.maxLength } as const

/** One entry a line; blank lines dropped. */
export const entriesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

export function checkAllowlist(entries: readonly string[]): string | undefined {
  const issue = requestIssues('updatePostbackAllowlist', { ip_allowlist: [...entries] })[0]
  if (!issue) return undefined
  if (issue.keyword === 'maxItems') return `At most ${ALLOWLIST_LIMITS.entries} entries.`
  const long = entries[Number(issue.path.split('/')[2])] ?? ''
  if (issue.keyword === 'maxLength')
    return `“${long.slice(0, 20)}…” is longer than ${ALLOWLIST_LIMITS.length} characters.`
  return issue.message
}
