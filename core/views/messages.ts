// A message and its lifecycle as the API answers them (spec §4, issue 14): one TypeBox schema per shape, which
// the routes serialise and document and whose static type the services return.
import Type, { type Static } from 'typebox'
import { REPLY_KINDS } from '../reply-classifier.js'

/** Spec §4 (new): queued and sent move on; the others are terminal. */
export const MESSAGE_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'dropped',
  'orphaned',
] as const
export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

// Null second here (unlike core/views/nullable.ts), as the API document has it.
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()])

/** Which creative the campaign's selector chose for a message and why (spec §10). */
export const SelectionView = Type.Object({
  creative_id: Type.Integer(),
  offer_id: Type.Union([Type.String(), Type.Null()]),
  mode: Type.String({
    description: 'thompson_single_step | thompson_two_step | control (not chosen by ML)',
  }),
  score: Type.Union([Type.Number(), Type.Null()], {
    description: 'The sampled revenue per send the chosen creative won with',
  }),
  context: Type.Record(Type.String(), Type.String(), {
    description: "The contact's context at selection time (carrier, line_type, tz_band, recency)",
  }),
  candidates: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
    description: "Every candidate's sampled score and its parts (ctr, cvr, value)",
  }),
})
export type SelectionView = Static<typeof SelectionView>

export const MessageView = Type.Object({
  id: Type.String(),
  to: Type.String(),
  list_number: Type.String(),
  body: Type.String(),
  segments: Type.Integer(),
  status: Type.Enum([...MESSAGE_STATUSES]),
  status_detail: Nullable(Type.String({ description: 'Drop or failure reason, or the provider status' })),
  provider: Nullable(Type.String()),
  provider_message_id: Nullable(Type.String()),
  provider_error_code: Nullable(Type.String()),
  compliance_bypassed: Type.Boolean(),
  send_flags: Type.Record(Type.String(), Type.Boolean()),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: Nullable(Type.String({ format: 'date-time' })),
  status_updated_at: Nullable(Type.String({ format: 'date-time' })),
  selection: Type.Union([SelectionView, Type.Null()], {
    description: 'Why a campaign message got its creative (spec §10); null when no selection was recorded',
  }),
})
export type MessageView = Static<typeof MessageView>

const at = Type.String({ format: 'date-time' })

export const TimelineEntryView = Type.Union(
  [
    Type.Object({ type: Type.Literal('queued'), at }),
    Type.Object({ type: Type.Literal('sent'), at, provider: Nullable(Type.String()) }),
    Type.Object({
      type: Type.Literal('dropped'),
      at,
      status: Type.Enum(['dropped', 'orphaned']),
      reason: Nullable(Type.String({ description: 'Why it was not sent' })),
    }),
    Type.Object({
      type: Type.Literal('delivery'),
      at,
      status: Type.String({
        description: 'sent | delivered | undelivered | failed, as the provider reported',
      }),
      status_detail: Nullable(Type.String({ description: "The provider's status or error name" })),
      error_code: Nullable(Type.String()),
    }),
    Type.Object({
      type: Type.Literal('click'),
      at,
      human: Type.Boolean(),
      bot_reason: Nullable(Type.String({ description: 'Why it is a bot or preview fetch' })),
      first: Type.Boolean({ description: "The message's first human click: counted and credited" }),
      kind: Type.String({
        description: 'redirect | preview (interstitial shown) | confirm (Continue pressed)',
      }),
      offer_id: Type.String(),
      country: Nullable(Type.String()),
    }),
    Type.Object({
      type: Type.Literal('conversion'),
      at,
      network: Type.String(),
      payout: Type.Number({ description: 'Signed: refunds and chargebacks are negative' }),
      conversion_type: Type.String(),
      source: Type.String({ description: 'postback | pixel | conv | api | import' }),
      credited: Type.Boolean({ description: "False when it came after the offer's click window" }),
    }),
    Type.Object({
      type: Type.Literal('reply'),
      at,
      reply_id: Type.String(),
      kind: Type.Enum([...REPLY_KINDS]),
      opt_out: Type.Boolean(),
      text: Type.String(),
    }),
  ],
  { description: 'One step of the lifecycle' },
)
export type TimelineEntryView = Static<typeof TimelineEntryView>

/** A message in a list (GET /messages): what was sent, to whom, and where it stands; its detail is GET /messages/:id. */
export const MessageSummaryView = Type.Object({
  id: Type.String(),
  contact_id: Type.String(),
  to: Type.String(),
  list_number: Type.String(),
  body: Type.String(),
  segments: Type.Integer(),
  status: Type.Enum([...MESSAGE_STATUSES]),
  status_detail: Nullable(Type.String({ description: 'Drop or failure reason, or the provider status' })),
  created_at: Type.String({ format: 'date-time' }),
  sent_at: Nullable(Type.String({ format: 'date-time' })),
})
export type MessageSummaryView = Static<typeof MessageSummaryView>
