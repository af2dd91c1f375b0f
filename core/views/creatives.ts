// A creative as the API answers it (spec §7): one TypeBox schema, which the routes serialise and document and
// whose static type the service returns.
import Type, { type Static } from 'typebox'

export const CreativeOfferLinkView = Type.Object({
  key: Type.String({ description: 'Placeholder name, e.g. `link1`' }),
  offer_id: Type.String(),
  url: Type.Union([Type.Null(), Type.String()]),
  url_params: Type.Record(Type.String(), Type.String()),
})

/** An offer a creative's links are bound to, in brief. */
export const CreativeOfferView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  tracking_url: Type.String(),
  payout: Type.Number(),
  payout_type: Type.String(),
  status: Type.String(),
})
export type CreativeOfferView = Static<typeof CreativeOfferView>

export const CreativeView = Type.Object({
  id: Type.Integer(),
  slug: Type.String({ description: '`cre_<name>_<6>`' }),
  name: Type.String(),
  message: Type.String(),
  offer_links: Type.Array(CreativeOfferLinkView),
  offers: Type.Array(CreativeOfferView),
  status: Type.String(),
  creative_type: Type.String(),
  character_count: Type.Integer({
    description: 'Links as 23 characters each, plus the account compliance prefix and suffix',
  }),
  segment_count: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})
export type CreativeView = Static<typeof CreativeView>
