// Per-link query parameters of a creative (`offer_links[].url_params`: added to the offer's URL for this creative,
// e.g. sub1=spring) as the editor holds them — rows of name and value per {{linkN}} — and the macros the editor
// inserts at the cursor. Pure.
import { type Creative, linkKeys } from './creativeRules.js'

export interface ParamRow {
  name: string
  value: string
}

/** Rows per link key; a key no longer in the message is dropped when saved. */
export type LinkParams = Record<string, ParamRow[]>

export const paramsOf = (c: Creative): LinkParams =>
  Object.fromEntries(
    c.offer_links.map((l) => [l.key, Object.entries(l.url_params).map(([name, value]) => ({ name, value }))]),
  )

/** A row left wholly blank is no parameter. */
const isBlank = (r: ParamRow) => r.name.trim() === '' && r.value.trim() === ''

/** The first problem of each link's rows, by link key: a value without a key, or a key twice. */
export function paramProblems(message: string, params: LinkParams): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const key of linkKeys(message)) {
    const seen = new Set<string>()
    for (const row of params[key] ?? []) {
      if (isBlank(row)) continue
      const name = row.name.trim()
      if (name === '') {
        problems[key] = `a parameter of {{${key}}} has a value but no key`
        break
      }
      if (seen.has(name)) {
        problems[key] = `{{${key}}} sets ${name} twice`
        break
      }
      seen.add(name)
    }
  }
  return problems
}

/** The rows of one link as `url_params`. */
export const urlParamsOf = (rows: readonly ParamRow[] = []): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => !isBlank(r)).map((r) => [r.name.trim(), r.value]))

/** A create/update body with each link's parameters added. */
export function withUrlParams<B extends { offer_links: { key: string; offer_id: string }[] }>(
  body: B,
  params: LinkParams,
): Omit<B, 'offer_links'> & {
  offer_links: (B['offer_links'][number] & { url_params: Record<string, string> })[]
} {
  return {
    ...body,
    offer_links: body.offer_links.map((l) => ({ ...l, url_params: urlParamsOf(params[l.key]) })),
  }
}

/** Macros the send path fills per message (core/message-template.ts). */
export const BUILT_IN_MACROS = ['first_name', 'last_name', 'brand_name'] as const

/** A custom field can be a macro when its name is made of what a macro may hold. */
export const isMacroName = (name: string): boolean => /^[A-Za-z0-9_.]{1,64}$/.test(name)

/** The {{linkN}} after the highest N the message uses. */
export function nextLinkKey(message: string): string {
  const used = linkKeys(message).map((k) => Number(k.slice('link'.length)))
  return `link${used.length === 0 ? 1 : Math.max(...used) + 1}`
}

/** `text` with `insert` put in place of [start, end), and where the cursor goes after it. */
export function insertAt(
  text: string,
  start: number,
  end: number,
  insert: string,
): { text: string; cursor: number } {
  const from = Math.max(0, Math.min(start, text.length))
  const to = Math.max(from, Math.min(end, text.length))
  return { text: text.slice(0, from) + insert + text.slice(to), cursor: from + insert.length }
}

/** Custom field names seen on contacts that can be macros, sorted, without the built-in names. */
export function customFieldNames(fieldSets: readonly Record<string, unknown>[]): string[] {
  const names = new Set<string>()
  for (const fields of fieldSets)
    for (const name of Object.keys(fields)) if (isMacroName(name)) names.add(name)
  for (const builtIn of BUILT_IN_MACROS) names.delete(builtIn)
  return [...names].sort()
}
