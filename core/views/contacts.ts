// A contact on one of the account's lists as the API answers it (spec §5): one TypeBox schema, which the routes
// serialise and document and whose static type the service returns.
import Type, { type Static } from 'typebox'
import { Nullable } from './nullable.js'

export const ContactCustomFields = Type.Record(
  Type.String(),
  Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
)

const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()])

export const ContactView = Type.Object({
  contact_id: Type.String(),
  list_contact_id: Type.String(),
  phone_number: Type.String(),
  list_number: Type.String(),
  list_id: Type.Integer(),
  active: Type.Boolean(),
  signup_date: Type.String({ format: 'date-time' }),
  signup_method: Type.String(),
  custom_fields: ContactCustomFields,
  carrier: Type.Union([Type.String(), Type.Null()]),
  line_type: Type.Union([Type.String(), Type.Null()], { description: 'cell, landline, voip or unknown' }),
  timezone: Type.Union([Type.String(), Type.Null()], { description: 'IANA zone from the area code' }),
  is_valid: Type.Boolean(),
  send_count: Type.Integer(),
  click_count: Type.Integer(),
  revenue_total: Type.Number(),
  conversion_count: Type.Integer(),
  last_sent_at: Timestamp,
  last_clicked_at: Timestamp,
  in_workflow: Type.Boolean(),
  unsubscribe_reason: Type.Union([Type.String(), Type.Null()]),
  unsubscribed_at: Timestamp,
})
export type ContactView = Static<typeof ContactView>

const NullableText = (description?: string) => Nullable(Type.String(description ? { description } : {}))

/** One subscription of a contact (a list it is on): the listed contact plus the names given at signup. */
export const ContactSubscriptionView = Type.Object({
  ...ContactView.properties,
  first_name: NullableText(),
  last_name: NullableText(),
  email: NullableText(),
})
export type ContactSubscriptionView = Static<typeof ContactSubscriptionView>

/** GET /contacts/:id: the account's record of a number and its subscription on each list, newest signup first. */
export const ContactDetailView = Type.Object({
  contact_id: Type.String(),
  phone_number: Type.String(),
  carrier: NullableText(),
  line_type: NullableText('cell, landline, voip or unknown'),
  timezone: NullableText('IANA zone from the area code'),
  state: NullableText('US state from the area code'),
  is_valid: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  blocked: Type.Boolean({ description: 'Blocked account-wide: gets nothing from any list of the account' }),
  blocked_at: Nullable(Type.String({ format: 'date-time', description: 'When the block was set' })),
  subscriptions: Type.Array(ContactSubscriptionView),
})
export type ContactDetailView = Static<typeof ContactDetailView>

/** PUT and DELETE /contacts/:id/block: the contact's account-wide block after the change. */
export const ContactBlockView = Type.Object({
  contact_id: Type.String(),
  blocked: Type.Boolean(),
  blocked_at: Nullable(Type.String({ format: 'date-time' })),
})
export type ContactBlockView = Static<typeof ContactBlockView>

/** The consent evidence of one subscription (spec §19), as a complaint needs it. */
export const ConsentRecordView = Type.Object({
  list_number: Type.String(),
  list_id: Type.Integer(),
  active: Type.Boolean(),
  signup_method: Type.String({ description: 'api, import, form, keyword, …' }),
  signup_date: Type.String({ format: 'date-time' }),
  ip_address: NullableText('The address the contact signed up from'),
  signup_url: NullableText('The page the contact signed up on'),
  ad_network_source: NullableText('e.g. adwords, facebook'),
  ad_network_id: NullableText(),
  opt_in_keyword: NullableText('The keyword the contact texted to join'),
  opt_in_form: NullableText('The form the contact signed up with'),
  consent_date: Nullable(Type.String({ format: 'date-time' })),
  opted_out_at: Nullable(Type.String({ format: 'date-time' })),
  opt_out_reason: NullableText('message, manual, complaint, bad_response, invalid_contact or api'),
})
export type ConsentRecordView = Static<typeof ConsentRecordView>

export const ContactConsentView = Type.Object({
  contact_id: Type.String(),
  phone_number: Type.String(),
  consent: Type.Array(ConsentRecordView, { description: 'One record per list the contact is on' }),
})
export type ContactConsentView = Static<typeof ContactConsentView>

/** Columns of the consent CSV export: every field of a record, in its order, after the contact's number. */
export const CONSENT_CSV_COLUMNS = [
  'phone_number',
  ...(Object.keys(ConsentRecordView.properties) as (keyof ConsentRecordView)[]),
] as const
