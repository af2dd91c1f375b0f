// What no request may carry into storage: text Postgres refuses in text and jsonb (NUL, 22021) or cannot encode
// (a lone UTF-16 surrogate), and JSON nested deeper than any document of ours, which recursive code downstream
// (sizing, validation, serialisation) would overflow the stack on. Pure, so both HTTP roles share one rule.

/** Deeper than any body of the API (audience filters and journeys nest a few levels). */
export const MAX_JSON_DEPTH = 64

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no `u`). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why `text` cannot be stored, or null when it can. */
export function unstorableReason(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character'
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate'
  return null
}

/**
 * The first string (value or object key) in `value` that cannot be stored, as `{ at, reason }` with `at` the
 * path to it (`body.contacts.0.name`); null when every string can be. Iterative, so a deep value cannot
 * overflow the stack here.
 */
export function findUnstorableText(value: unknown, root: string): { at: string; reason: string } | null {
  const stack: Array<[unknown, string]> = [[value, root]]
  while (stack.length > 0) {
    const [current, at] = stack.pop()!
    if (typeof current === 'string') {
      const reason = unstorableReason(current)
      if (reason) return { at, reason }
    } else if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) stack.push([current[index], `${at}.${index}`])
    } else if (typeof current === 'object' && current !== null && !ArrayBuffer.isView(current)) {
      for (const [key, item] of Object.entries(current)) {
        const reason = unstorableReason(key)
        if (reason) return { at: `${at} key`, reason }
        stack.push([item, `${at}.${key}`])
      }
    }
  }
  return null
}

/** Whether JSON `text` nests objects and arrays more than `max` deep (brackets inside strings do not count). */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}
