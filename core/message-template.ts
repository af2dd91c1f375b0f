// Message bodies: contact macros ({{first_name}}, {{last_name}}, custom fields, {{brand_name}}, {{messageId}} /
// {{sendId}}), each with an optional default ({{first_name|there}}); and links — {{linkN}} placeholders bound to
// offers, and bare URLs that `wrap_links` turns into tracked links. Pure; the send service supplies the values.

export interface TemplateVars {
  messageId: string
  brandName?: string | null
  firstName?: string | null
  lastName?: string | null
  customFields?: Record<string, string | number | boolean | null | undefined>
}

const MACRO = /\{\{\s*([A-Za-z0-9_.]+)\s*(?:\|([^}]*))?\}\}/g
const LINK_PLACEHOLDER = /^link\d+$/
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g

function lookup(name: string, vars: TemplateVars): string | undefined {
  switch (name) {
    case 'messageId':
    case 'sendId':
      return vars.messageId
    case 'brand_name':
      return vars.brandName ?? undefined
    case 'first_name':
      return vars.firstName ?? undefined
    case 'last_name':
      return vars.lastName ?? undefined
  }
  const key = name.startsWith('custom_fields.') ? name.slice('custom_fields.'.length) : name
  const value = vars.customFields?.[key]
  return value === null || value === undefined ? undefined : String(value)
}

/** Fills every macro except link placeholders; an unknown macro without a default becomes empty. */
export function renderMacros(body: string, vars: TemplateVars): string {
  return body.replace(MACRO, (whole, name: string, fallback: string | undefined) => {
    if (LINK_PLACEHOLDER.test(name)) return whole
    const value = lookup(name, vars)
    return value !== undefined && value !== '' ? value : (fallback ?? '').trim()
  })
}

/** The distinct {{linkN}} keys of a body, in order of first use. */
export function linkPlaceholders(body: string): string[] {
  const keys: string[] = []
  for (const m of body.matchAll(MACRO)) {
    const name = m[1]!
    if (LINK_PLACEHOLDER.test(name) && !keys.includes(name)) keys.push(name)
  }
  return keys
}

/**
 * Replaces every bare http(s) URL with a {{urlN}} placeholder (numbered after any existing ones) so each becomes a
 * tracked short link; returns the body and the URL of each placeholder.
 */
export function wrapUrls(body: string): { body: string; urls: Record<string, string> } {
  const urls: Record<string, string> = {}
  let n = 0
  const wrapped = body.replace(URL_PATTERN, (url) => {
    n += 1
    urls[`url${n}`] = url
    return `{{url${n}}}`
  })
  return { body: wrapped, urls }
}

/** Substitutes short URLs for link and URL placeholders. */
export function fillLinks(body: string, shortUrls: Record<string, string>): string {
  return body.replace(/\{\{\s*((?:link|url)\d+)\s*\}\}/g, (whole, key: string) => shortUrls[key] ?? whole)
}
