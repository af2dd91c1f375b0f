// The postback allow-list editor's client-side checks: the API's limits on PUT /postbacks/allowlist
// (test/unit/web-integration-rules.test.ts holds them equal to docs/openapi.json); whether each entry is an
// address or range is the API's to say (invalid_ip_allowlist), shown beside the field all the same.

export const ALLOWLIST_LIMITS = { entries: 100, length: 64 } as const

/** One entry a line; blank lines dropped. */
export const entriesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

export function checkAllowlist(entries: readonly string[]): string | undefined {
  if (entries.length > ALLOWLIST_LIMITS.entries) return `At most ${ALLOWLIST_LIMITS.entries} entries.`
  const long = entries.find((e) => e.length > ALLOWLIST_LIMITS.length)
  if (long) return `“${long.slice(0, 20)}…” is longer than ${ALLOWLIST_LIMITS.length} characters.`
  return undefined
}
