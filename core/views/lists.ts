// A sending list as the API answers it (spec §6, §21) and the bodies that create and edit one: TypeBox schemas,
// which the routes validate, serialise and document and whose static types the services use. Provider
// credentials are write-only: a read says only whether the list has them.
import Type, { type Static } from 'typebox'

export const LIST_STATUSES = ['active', 'paused', 'suspended', 'deleted'] as const
export const NUMBER_TYPES = ['10dlc', 'short_code', 'toll_free'] as const
/** The providers a list can send through (providers/ has an adapter for each). */
export const LIST_PROVIDERS = ['simulator', 'infobip', 'twilio', 'cm', 'lime'] as const
/** The statuses an owner may set; `suspended` is the platform's and `deleted` is not an edit. */
export const EDITABLE_LIST_STATUSES = ['active', 'paused'] as const

const WebhookUrls = Type.Object(
  {
    status: Type.String({ description: 'Delivery reports (status callbacks) go here' }),
    inbound: Type.String({ description: 'Inbound messages (replies) go here' }),
  },
  { description: 'The URLs to paste at the provider; they carry the list’s secret token' },
)

export const SendingListView = Type.Object({
  id: Type.Integer(),
  phone_number: Type.String({ description: 'E.164 sending number' }),
  brand_name: Type.String(),
  list_name: Type.String(),
  list_type: Type.String({
    description: 'Provider: lime, infobip, twilio or cm (spec §6 name; same as provider)',
  }),
  status: Type.String(),
  contact_count: Type.Integer({ description: 'Active contacts only' }),
  unsubscribed_count: Type.Integer({ description: 'Contacts of the list who are no longer active' }),
  created_at: Type.String({ format: 'date-time' }),
  provider: Type.Enum(LIST_PROVIDERS),
  number_type: Type.Enum(NUMBER_TYPES),
  byoc: Type.Boolean({ description: 'Bring your own carrier: the customer’s own provider account' }),
  shortener_domain: Type.Union([Type.String(), Type.Null()]),
  click_domain: Type.Union([Type.String(), Type.Null()]),
  send_rate_per_minute: Type.Integer(),
  credentials: Type.Object(
    { configured: Type.Boolean(), provider: Type.Enum(LIST_PROVIDERS) },
    { description: 'Never the credentials themselves' },
  ),
  webhook_verified_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      'When the first verified provider webhook for this list arrived (BYOC lists send only after it)',
  }),
  test_sent_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description:
      'When the last test send (POST /lists/:id/test-send) was accepted by the provider: the BYOC check’s second step',
  }),
  webhooks: Type.Union([WebhookUrls, Type.Null()], {
    description: 'Owners only (null for other roles, and for lists that predate webhook tokens)',
  }),
})
export type SendingListView = Static<typeof SendingListView>

const Credentials = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 2000 }), {
  maxProperties: 20,
  description:
    'Provider credentials, checked with the provider before saving and never returned. twilio: account_sid, auth_token (optional messaging_service_sid, base_url); infobip: api_key, base_url; cm: product_token (optional base_url); lime: user, api_id (optional base_url); simulator: none (optional delivery_rate, reply_rate)',
})
const HostName = (what: string) =>
  Type.Union([
    Type.String({ maxLength: 253, description: `${what}: a host name such as trk.ly` }),
    Type.Null(),
  ])

const listFields = {
  phone_number: Type.String({ maxLength: 32, description: 'E.164 sending number, e.g. +18005551234' }),
  number_type: Type.Enum(NUMBER_TYPES, { description: 'Default 10dlc' }),
  provider: Type.Enum(LIST_PROVIDERS),
  credentials: Credentials,
  byoc: Type.Boolean({ description: 'Sends wait for a verified webhook from the provider; default false' }),
  brand_name: Type.String({ maxLength: 100 }),
  list_name: Type.String({ maxLength: 255 }),
  shortener_domain: HostName('Short links of this list are printed with it'),
  click_domain: HostName('Click-tracking domain'),
  rate_per_minute: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Default by number type' }),
}

export const CreateListBody = Type.Object({
  phone_number: listFields.phone_number,
  number_type: Type.Optional(listFields.number_type),
  provider: listFields.provider,
  credentials: Type.Optional(listFields.credentials),
  byoc: Type.Optional(listFields.byoc),
  brand_name: listFields.brand_name,
  list_name: Type.Optional(listFields.list_name),
  shortener_domain: Type.Optional(listFields.shortener_domain),
  click_domain: Type.Optional(listFields.click_domain),
  rate_per_minute: Type.Optional(listFields.rate_per_minute),
})
export type CreateListBody = Static<typeof CreateListBody>

export const UpdateListBody = Type.Object(
  {
    phone_number: Type.Optional(listFields.phone_number),
    number_type: Type.Optional(listFields.number_type),
    provider: Type.Optional(listFields.provider),
    credentials: Type.Optional(listFields.credentials),
    byoc: Type.Optional(listFields.byoc),
    brand_name: Type.Optional(listFields.brand_name),
    list_name: Type.Optional(listFields.list_name),
    shortener_domain: Type.Optional(listFields.shortener_domain),
    click_domain: Type.Optional(listFields.click_domain),
    rate_per_minute: Type.Optional(listFields.rate_per_minute),
    status: Type.Optional(Type.Enum(EDITABLE_LIST_STATUSES)),
  },
  {
    description:
      'Only the fields given change. A new provider needs its credentials; new credentials are checked with the provider before saving.',
  },
)
export type UpdateListBody = Static<typeof UpdateListBody>

export const TestSendBody = Type.Object({
  to: Type.String({
    maxLength: 32,
    description: 'E.164 number to send the test text to, e.g. your own phone',
  }),
})
export type TestSendBody = Static<typeof TestSendBody>

export const TestSendView = Type.Object({
  success: Type.Literal(true),
  provider_message_id: Type.String({ description: 'The id the provider gave the test message' }),
  test_sent_at: Type.String({ format: 'date-time' }),
  body: Type.String({ description: 'The text that was sent' }),
})
export type TestSendView = Static<typeof TestSendView>

export const ListHealthView = Type.Object({
  list_id: Type.Integer(),
  sends: Type.Integer(),
  delivered: Type.Integer(),
  failed: Type.Integer({ description: 'Failed and undelivered' }),
  opt_outs: Type.Integer(),
  delivery_rate: Type.Number({ description: 'delivered / sends' }),
  failure_rate: Type.Number({ description: '(failed + undelivered) / sends' }),
  opt_out_rate: Type.Number({ description: 'unsubscribes / sends' }),
})
export type ListHealthView = Static<typeof ListHealthView>
