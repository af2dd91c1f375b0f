// The tracking settings form's client-side checks: the API's updateTrackingSettings schema (from the OpenAPI
// document: the two-letter shape and the limit on blocked countries); whether a code is an ISO
// country is the API's to say (invalid_blocked_countries), shown beside the field all the same.

import { REQUEST_SCHEMAS } from '../api/requestSchemas.js'
import { requestIssues } from '../api/validate.js'

export const MAX_COUNTRIES = REQUEST_SCHEMAS.updateTrackingSettings.properties.blocked_countries.maxItems

/** Codes typed with commas, semicolons or spaces between them, upper-cased, each once. */
export const codesOf = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,;]+/)
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== ''),
  ),
]

export function checkCountries(codes: readonly string[]): string | undefined {
  // Letters are the API's to judge too (invalid_blocked_countries): the schema asks only for two characters.
  const bad = codes.filter((c) => !/^[A-Z]{2}$/.test(c))
  if (bad.length > 0) return `Not two-letter country codes: ${bad.slice(0, 10).join(', ')}`
  const issue = requestIssues('updateTrackingSettings', { blocked_countries: codes })[0]
  if (issue?.keyword === 'maxItems') return `At most ${MAX_COUNTRIES} countries.`
  return issue?.message
}
