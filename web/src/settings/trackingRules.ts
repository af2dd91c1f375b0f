// The tracking settings form's client-side checks: the API's limit on blocked countries (held equal to
// docs/openapi.json by test/unit/web-integration-rules.test.ts) and the two-letter shape; whether a code is an ISO
// country is the API's to say (invalid_blocked_countries), shown beside the field all the same.

export const MAX_COUNTRIES = 250

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
  const bad = codes.filter((c) => !/^[A-Z]{2}$/.test(c))
  if (bad.length > 0) return `Not two-letter country codes: ${bad.slice(0, 10).join(', ')}`
  if (codes.length > MAX_COUNTRIES) return `At most ${MAX_COUNTRIES} countries.`
  return undefined
}
