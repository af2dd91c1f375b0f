// A contact on one of the account's lists as the API answers it (spec §5): one TypeBox schema, which the routes
// serialise and document and whose static type the service returns.
import Type, { type Static } from 'typebox'

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
