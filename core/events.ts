// Every topic name and event schema, defined once; producers and consumers import from here.
// Events about one message are keyed by its message id, so they share a partition and first-click state is
// partition-local. Every event carries a stable event id, its account id and its event time.
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'

export const TOPICS = {
  sends: 'sends',
  deliveries: 'deliveries',
  clicks: 'clicks',
  revenue: 'revenue',
  inbound: 'inbound',
  contacts: 'contacts',
  linkMisses: 'link-misses',
  deadLetter: 'dead-letter',
} as const
export type TopicKey = keyof typeof TOPICS
export type TopicName = (typeof TOPICS)[TopicKey]

export function topicName(prefix: string, key: TopicKey): string {
  return `${prefix}${TOPICS[key]}`
}

const IsoTime = Type.String({ format: 'date-time' })
const Id = Type.String({ minLength: 1, maxLength: 64 })

const Base = {
  event_id: Id,
  account_id: Id,
  event_time: IsoTime,
}

export const SendEvent = Type.Object({
  ...Base,
  message_id: Id,
  contact_id: Type.String(),
  list_id: Type.Integer(),
  to: Type.String(),
  provider: Type.String(),
  segments: Type.Integer({ minimum: 0 }),
  cost: Type.Number({ minimum: 0 }),
  creative_id: Type.Union([Type.Integer(), Type.Null()]),
  schedule_id: Type.Union([Type.String(), Type.Null()]),
  variant: Type.Union([Type.String(), Type.Null()]),
  offer_ids: Type.Array(Type.String()),
  imported: Type.Boolean(),
})
export type SendEvent = Static<typeof SendEvent>

export const CLICK_KINDS = ['redirect', 'preview', 'confirm'] as const
export type ClickKind = (typeof CLICK_KINDS)[number]

export const ClickEvent = Type.Object({
  ...Base,
  /** The click id handed to the offer's network: the event id of this click. */
  message_id: Id,
  link_code: Type.String(),
  offer_id: Type.String(),
  contact_id: Type.String(),
  ip: Type.String(),
  user_agent: Type.String(),
  /** Empty for a human-looking click; else why it is a bot or preview fetch (core/bots). */
  bot_reason: Type.String(),
  /**
   * redirect: a click redirected at once (`no_filter`); preview: the interstitial page of `filter` mode was shown;
   * confirm: its Continue button was pressed. Only redirect and confirm clicks can take the first-click slot.
   * Absent in events written before bot-filter modes existed: read as redirect.
   */
  kind: Type.Optional(Type.Enum(CLICK_KINDS)),
  /** ISO country of the clicker when a trusted proxy header told us; else absent. */
  country: Type.Optional(Type.String({ maxLength: 2 })),
  /** Written by history import (spec §14). */
  imported: Type.Optional(Type.Boolean()),
})
export type ClickEvent = Static<typeof ClickEvent>

/** What a provider said happened to a message after it was sent (spec §4, §15). */
export const DELIVERY_STATUSES = ['sent', 'delivered', 'undelivered', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * A delivery receipt, normalised from any provider's wire format. The event id is derived from the provider's
 * message id and status, so a provider re-posting the same receipt yields the same event.
 */
export const DeliveryEvent = Type.Object({
  ...Base,
  message_id: Id,
  list_id: Type.Integer(),
  provider: Type.String(),
  provider_message_id: Type.String(),
  status: Type.Enum(DELIVERY_STATUSES),
  /** The provider's own status name (DELIVERED_TO_HANDSET, undelivered, …) or error name. */
  status_detail: Type.String(),
  error_code: Type.Union([Type.String(), Type.Null()]),
  /**
   * The message's contact, when the producer knows it: a history import publishes its receipts before its message
   * rows commit, so the processor may not find the message yet.
   */
  contact_id: Type.Optional(Type.String()),
})
export type DeliveryEvent = Static<typeof DeliveryEvent>

/** A message a contact sent to one of our list numbers, normalised from any provider's wire format. */
export const InboundEvent = Type.Object({
  ...Base,
  list_id: Type.Integer(),
  provider: Type.String(),
  provider_message_id: Type.String(),
  from: Type.String(),
  to: Type.String(),
  body: Type.String({ maxLength: 10_000 }),
})
export type InboundEvent = Static<typeof InboundEvent>

export const CONVERSION_TYPES = [
  'lead',
  'sale',
  'rebill',
  'refund',
  'chargeback',
  'install',
  'signup',
] as const
export type ConversionType = (typeof CONVERSION_TYPES)[number]

export const RevenueEvent = Type.Object({
  ...Base,
  message_id: Id,
  click_id: Type.String(),
  network: Type.String(),
  transaction_id: Type.String(),
  conversion_type: Type.Enum(CONVERSION_TYPES),
  /** Signed: refunds and chargebacks carry negative amounts. */
  amount: Type.Number(),
  /** postback | pixel | conv | api | import */
  source: Type.String(),
  /** The offer the conversion names (internal id), when the endpoint names one; else the click's offer. */
  offer_id: Type.Optional(Type.String()),
  /** Revenue API and import: sale | click | send | migration …; postbacks: absent. */
  attribution_type: Type.Optional(Type.String({ maxLength: 32 })),
  /** The requesting address was in a data-center range (browser-fired endpoints only: pixel, conv): a fraud signal. */
  datacenter_ip: Type.Optional(Type.Boolean()),
  /** Written by history import (spec §14). */
  imported: Type.Optional(Type.Boolean()),
})
export type RevenueEvent = Static<typeof RevenueEvent>

/** A subscription change of a list contact (spec §5, §19), keyed by the contact's phone number. */
export const ContactEvent = Type.Object({
  ...Base,
  type: Type.Enum(['subscribed', 'unsubscribed']),
  contact_id: Id,
  list_contact_id: Id,
  list_id: Type.Integer(),
  phone_number: Type.String(),
  /** How the contact signed up (api, import, …); set on subscribed. */
  signup_method: Type.Union([Type.String(), Type.Null()]),
  /** Why the contact left (api, message, manual, …); set on unsubscribed. */
  reason: Type.Union([Type.String(), Type.Null()]),
})
export type ContactEvent = Static<typeof ContactEvent>

export const LinkMissEvent = Type.Object({
  event_id: Id,
  event_time: IsoTime,
  code: Type.String({ maxLength: 256 }),
  host: Type.String({ maxLength: 256 }),
  ip: Type.String(),
  user_agent: Type.String(),
})
export type LinkMissEvent = Static<typeof LinkMissEvent>

export const DeadLetterEvent = Type.Object({
  event_id: Id,
  event_time: IsoTime,
  source_topic: Type.String(),
  source_partition: Type.Integer(),
  source_offset: Type.String(),
  reason: Type.String(),
  payload: Type.String(),
})
export type DeadLetterEvent = Static<typeof DeadLetterEvent>

const VALIDATORS = {
  sends: Compile(SendEvent),
  deliveries: Compile(DeliveryEvent),
  inbound: Compile(InboundEvent),
  clicks: Compile(ClickEvent),
  revenue: Compile(RevenueEvent),
  contacts: Compile(ContactEvent),
  linkMisses: Compile(LinkMissEvent),
  deadLetter: Compile(DeadLetterEvent),
} as const

export interface EventTypes {
  sends: SendEvent
  deliveries: DeliveryEvent
  inbound: InboundEvent
  clicks: ClickEvent
  revenue: RevenueEvent
  contacts: ContactEvent
  linkMisses: LinkMissEvent
  deadLetter: DeadLetterEvent
}

export type DecodeResult<T> = { ok: true; event: T } | { ok: false; reason: string }

/** Parses and validates one record's value; the reason of a failure is what the dead-letter topic records. */
export function decodeEvent<K extends keyof EventTypes>(
  key: K,
  value: Buffer | string | null,
): DecodeResult<EventTypes[K]> {
  if (value === null) return { ok: false, reason: 'empty record' }
  let parsed: unknown
  try {
    parsed = JSON.parse(value.toString())
  } catch {
    return { ok: false, reason: 'unparseable JSON' }
  }
  const validator = VALIDATORS[key]
  if (!validator.Check(parsed)) {
    const first = validator.Errors(parsed)[0]
    return { ok: false, reason: `schema: ${first?.instancePath || '/'} ${first?.message ?? 'invalid'}` }
  }
  return { ok: true, event: parsed as EventTypes[K] }
}
