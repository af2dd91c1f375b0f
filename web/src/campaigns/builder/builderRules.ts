// The campaign builder's values, the create body they make, and the client-side checks: the createSchedule schema
// (from the OpenAPI document) and the API's domain rules (core/schedules scheduleIssues) with the API's codes and
// messages, so a field shows the same refusal whichever side made it. Pure: the unit tests import it.
// The .js extensions let the server's tests (NodeNext) import this file too; the bundler resolves them alike.
import type { components } from '../../api/schema.js'
import { schemaFieldErrors } from '../../api/validate.js'
import { linkKeys } from '../../creatives/creativeRules.js'

export type Schedule = components['schemas']['Schedule']

export const WEEKDAYS = [
  { id: 'monday', name: 'Mon' },
  { id: 'tuesday', name: 'Tue' },
  { id: 'wednesday', name: 'Wed' },
  { id: 'thursday', name: 'Thu' },
  { id: 'friday', name: 'Fri' },
  { id: 'saturday', name: 'Sat' },
  { id: 'sunday', name: 'Sun' },
] as const
export type Weekday = (typeof WEEKDAYS)[number]['id']

export interface VariantValues {
  name: string
  message: string
  percent: string
  /** Offer id per `{{linkN}}` key of the message. */
  offers: Record<string, string>
}

export interface BuilderValues {
  name: string
  sendType: 'blast' | 'automated'
  sendingListId: number | null
  audiences: string[]
  repeating: boolean
  sendDate: string
  startDate: string
  endDate: string
  days: Weekday[]
  sendTime: string
  localTime: boolean
  skipHours: string
  automatedPercent: string
  /** Kept as stored (the API's narrowing of the audiences' lists); the builder has no field for it. */
  sourceLists: number[]
  variants: VariantValues[]
}

/**
 * Where an error shows: a top-level field, or `variant.<i>.<name|message|percent>`, or `variant.<i>.link.<key>`.
 * `percents` is the sum rule: every percent field is marked, the message sits under the last one.
 */
export type BuilderErrors = Partial<Record<string, string>>

export const variantField = (index: number, part: 'name' | 'message' | 'percent') =>
  `variant.${index}.${part}`
export const linkField = (index: number, key: string) => `variant.${index}.link.${key}`

export const emptyVariant = (percent = ''): VariantValues => ({ name: '', message: '', percent, offers: {} })

export const emptyBuilder = (sendingListId: number | null = null): BuilderValues => ({
  name: '',
  sendType: 'blast',
  sendingListId,
  audiences: [],
  repeating: false,
  sendDate: '',
  startDate: '',
  endDate: '',
  days: [],
  sendTime: '09:00',
  localTime: false,
  skipHours: '0',
  automatedPercent: '0',
  sourceLists: [],
  variants: [emptyVariant('100')],
})

/** The form of a stored schedule, to edit it. */
export function valuesOf(s: Schedule): BuilderValues {
  return {
    name: s.name,
    sendType: s.send_type === 'automated' ? 'automated' : 'blast',
    sendingListId: s.sending_list_id,
    audiences: [...s.audiences],
    repeating: s.is_repeating,
    sendDate: s.send_date ?? '',
    startDate: s.start_date ?? '',
    endDate: s.end_date ?? '',
    days: WEEKDAYS.filter((d) => s.days_of_week?.[d.id]).map((d) => d.id),
    sendTime: s.send_time,
    localTime: s.use_local_time,
    skipHours: String(s.skip_within_hours),
    automatedPercent: String(s.automated_percent),
    sourceLists: [...s.source_lists],
    variants: s.blasts.map((b) => ({
      name: b.variant_name ?? '',
      message: b.message,
      percent: String(b.percent_audience),
      offers: Object.fromEntries(b.offer_links.map((l) => [l.key, l.offer_id])),
    })),
  }
}

/** A whole number typed in a box, else the text itself (so the API's schema names it, as it would). */
const wholeNumber = (text: string): number | string => {
  const trimmed = text.trim()
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed
}
const orNull = (text: string) => (text.trim() === '' ? null : text.trim())

/** The body of createSchedule (and estimateSchedule, and updateSchedule: a whole document replaces the fields). */
export function bodyOf(v: BuilderValues) {
  return {
    name: v.name.trim(),
    send_type: v.sendType,
    is_repeating: v.repeating,
    send_time: v.sendTime.trim(),
    audiences: v.audiences,
    send_date: v.repeating ? null : orNull(v.sendDate),
    start_date: v.repeating ? orNull(v.startDate) : null,
    end_date: v.repeating ? orNull(v.endDate) : null,
    days_of_week: v.repeating ? Object.fromEntries(WEEKDAYS.map((d) => [d.id, v.days.includes(d.id)])) : null,
    skip_within_hours: wholeNumber(v.skipHours) as number,
    use_local_time: v.localTime,
    automated_percent: wholeNumber(v.automatedPercent) as number,
    sending_list_id: v.sendingListId,
    source_lists: v.sourceLists,
    blasts: v.variants.map((variant) => ({
      variant_name: orNull(variant.name),
      message: variant.message,
      percent_audience: wholeNumber(variant.percent) as number,
      offer_links: linkKeys(variant.message).map((key) => ({ key, offer_id: variant.offers[key] ?? '' })),
    })),
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/
const isCalendarDate = (text: string) => {
  if (!DATE.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}
const isPercent = (text: string) => /^\d+$/.test(text.trim()) && Number(text) <= 100

/** The API's message for the sum rule (core/schedules). */
export const PERCENT_RULE =
  'percent_audience of the blasts must be whole numbers from 0 to 100 that add up to exactly 100'

/** Sum of the variants' percents, or null when one is not a whole number from 0 to 100. */
export function percentTotal(variants: readonly VariantValues[]): number | null {
  if (!variants.every((v) => isPercent(v.percent))) return null
  return variants.reduce((sum, v) => sum + Number(v.percent), 0)
}

/** The field a schema issue's JSON pointer concerns. */
function fieldOfPath(path: string): string | undefined {
  const [, top, index, part] = path.split('/')
  const fields: Record<string, string> = {
    name: 'name',
    send_time: 'send_time',
    send_date: 'send_date',
    start_date: 'start_date',
    end_date: 'end_date',
    skip_within_hours: 'skip_within_hours',
    automated_percent: 'automated_percent',
    audiences: 'audiences',
    sending_list_id: 'sending_list',
  }
  if (top === 'blasts' && index !== undefined) {
    if (part === 'variant_name') return variantField(Number(index), 'name')
    if (part === 'percent_audience') return 'percents'
    return variantField(Number(index), 'message')
  }
  return top === undefined ? undefined : fields[top]
}

/** Every problem of the form, by field, as the API would name it; empty when the API's rules all pass. */
export function validateBuilder(v: BuilderValues): BuilderErrors {
  // The API checks its domain rules before its schema (api/routes/schedules specOrderFirst): their words first.
  const errors: BuilderErrors = {}
  const add = (field: string, message: string) => {
    errors[field] ??= message
  }
  if (v.name.trim() === '') add('name', 'name is required')
  if (v.sendTime.trim() === '') add('send_time', 'send_time is required')
  else if (!TIME.test(v.sendTime.trim())) add('send_time', 'send_time must be HH:MM on a 24-hour clock')
  if (v.audiences.length === 0) add('audiences', 'audiences must list at least one audience id')
  const date = (field: 'send_date' | 'start_date' | 'end_date', text: string, required: string) => {
    if (text.trim() === '') add(field, required)
    else if (!isCalendarDate(text.trim())) add(field, `${field} must be a YYYY-MM-DD date`)
  }
  if (v.repeating) {
    date('start_date', v.startDate, 'start_date is required when repeating')
    date('end_date', v.endDate, 'end_date is required when repeating')
    if (isCalendarDate(v.startDate.trim()) && isCalendarDate(v.endDate.trim()) && v.endDate < v.startDate) {
      add('end_date', 'end_date is before start_date')
    }
    if (v.days.length === 0) add('days', 'days_of_week must select at least one day when repeating')
  } else {
    date('send_date', v.sendDate, 'send_date is required for a one-time schedule')
  }
  if (!/^\d+$/.test(v.skipHours.trim()) || Number(v.skipHours) > 8760) {
    add('skip_within_hours', 'skip_within_hours must be a whole number of hours from 0 to 8760')
  }
  if (!isPercent(v.automatedPercent)) {
    add('automated_percent', 'automated_percent must be a whole number from 0 to 100')
  }
  if (v.sendType === 'blast' && v.variants.length === 0) add('percents', 'a blast schedule needs blasts')
  if (v.variants.length > 0 && percentTotal(v.variants) !== 100) add('percents', PERCENT_RULE)
  v.variants.forEach((variant, index) => {
    if (variant.message.trim() === '')
      add(variantField(index, 'message'), `blasts[${index}].message is required`)
    for (const key of linkKeys(variant.message)) {
      if (!variant.offers[key]) add(linkField(index, key), `Choose the offer for {{${key}}}`)
    }
  })
  const schema = schemaFieldErrors<string>('createSchedule', bodyOf(v), { fieldOf: fieldOfPath })
  for (const [field, message] of Object.entries(schema)) if (message) add(field, message)
  return errors
}

/** The field an API refusal concerns (codes of createSchedule and estimateSchedule), from its code and message. */
export function fieldOfApiError(code: string, message: string, v: BuilderValues): string | undefined {
  const blast = /blasts\[(\d+)\]/.exec(message)
  const index = blast ? Number(blast[1]) : 0
  switch (code) {
    case 'missing_name':
    case 'name_too_long':
      return 'name'
    case 'missing_send_time':
    case 'invalid_send_time':
      return 'send_time'
    case 'missing_audiences':
    case 'audience_not_found':
      return 'audiences'
    case 'missing_send_date':
      return 'send_date'
    case 'missing_start_date':
      return 'start_date'
    case 'missing_end_date':
      return 'end_date'
    case 'invalid_date':
      return message.startsWith('start_date')
        ? 'start_date'
        : message.startsWith('send_date')
          ? 'send_date'
          : 'end_date'
    case 'no_days_selected':
      return 'days'
    case 'invalid_automated_percent':
      return 'automated_percent'
    case 'invalid_skip_within_hours':
      return 'skip_within_hours'
    case 'missing_blasts':
    case 'invalid_blast_percent':
      return 'percents'
    case 'missing_blast_message':
    case 'message_too_long':
      return variantField(index, 'message')
    case 'list_not_found':
    case 'invalid_sending_list_id':
      return 'sending_list'
    case 'missing_offer_link_key':
    case 'missing_offer_link_offer_id':
    case 'offer_not_found': {
      // "Offer <id> not found": the first link bound to that offer.
      const offerId = /^Offer (\S+) not found/.exec(message)?.[1]
      for (const [i, variant] of v.variants.entries()) {
        for (const key of linkKeys(variant.message)) {
          if (offerId === undefined ? i === index : variant.offers[key] === offerId) return linkField(i, key)
        }
      }
      return variantField(index, 'message')
    }
    default:
      return undefined
  }
}

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
})
/** A cost in USD to the tenth of a cent and beyond (a campaign of a few segments costs fractions of a cent). */
export const formatCost = (usdAmount: number): string => usd.format(usdAmount)
