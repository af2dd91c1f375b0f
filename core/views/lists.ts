// A sending list as the API answers it (spec §6): one TypeBox schema, which the routes serialise and document and
// whose static type the service returns.
import Type, { type Static } from 'typebox'

export const SendingListView = Type.Object({
  id: Type.Integer(),
  phone_number: Type.String({ description: 'E.164 sending number' }),
  brand_name: Type.String(),
  list_name: Type.String(),
  list_type: Type.String({ description: 'Provider: lime, infobip, twilio or cm' }),
  status: Type.String(),
  contact_count: Type.Integer({ description: 'Active contacts only' }),
  created_at: Type.String({ format: 'date-time' }),
})
export type SendingListView = Static<typeof SendingListView>
