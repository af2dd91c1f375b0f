// A reply (an inbound message to one of the account's numbers) as the API answers it: one TypeBox schema, which
// the routes serialise and document and whose static type the service returns.
import Type, { type Static } from 'typebox'
import { REPLY_KINDS } from '../reply-classifier.js'

export const ReplyView = Type.Object({
  id: Type.String(),
  from: Type.String({ description: 'The contact, E.164' }),
  contact_id: Type.Union([Type.String(), Type.Null()], {
    description: 'The contact who sent it (its id); null when the number is no contact of the account',
  }),
  list_number: Type.String({ description: 'The list number it was sent to' }),
  body: Type.String(),
  kind: Type.Enum([...REPLY_KINDS], { description: 'What the classifier made of it (spec §19)' }),
  keyword: Type.Union([Type.String(), Type.Null()], { description: 'The keyword or phrase that matched' }),
  received_at: Type.String({ format: 'date-time' }),
})
export type ReplyView = Static<typeof ReplyView>
