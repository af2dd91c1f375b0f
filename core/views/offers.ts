// An offer as the API answers it (spec §11): one TypeBox schema, which the routes serialise and document and whose
// static type the service returns.
import Type, { type Static } from 'typebox'
import { Nullable } from './nullable.js'

export const BOT_FILTER_MODE_DOC =
  "no_filter | filter: overrides the account's bot-filter mode for this offer's links; null inherits it " +
  '(filter when filter_bots is true). Reaches redirects within about a minute.'

export const OfferView = Type.Object({
  id: Type.String({ description: '24-hex id' }),
  slug: Type.String({ description: '`ofr_<name>_<6>`' }),
  name: Type.String(),
  tracking_url: Type.String({
    description: 'Macros {{click_id}}, {{messageId}}, {{contact.phone}} are filled at click time',
  }),
  external_platform: Nullable(Type.String()),
  external_id: Nullable(Type.String()),
  advertiser_id: Nullable(Type.String()),
  payout: Type.Number(),
  payout_type: Type.String(),
  filter_bots: Type.Boolean(),
  bot_filter_mode: Nullable(Type.String({ description: BOT_FILTER_MODE_DOC })),
  click_window_days: Type.Integer(),
  status: Type.String(),
  metadata: Type.Record(Type.String(), Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
})
export type OfferView = Static<typeof OfferView>
