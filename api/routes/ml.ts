// ML creative selection (spec §10): each automated creative's counts and posteriors (CTR, conversion rate,
// revenue per send), globally and per contact-context value; and the account's selection settings. Anyone may
// read them; members and owners change the settings.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { CONTEXT_FEATURES, SELECTION_MODES } from '../../core/bandit.js'
import { creativePosteriors, mlSettings, updateMlSettings } from '../../services/bandit.js'
import { AUTH_ERRORS, ErrorReply } from '../schemas.js'

const Interval = Type.Object(
  { mean: Type.Number(), low: Type.Number(), high: Type.Number() },
  { description: 'Posterior mean and 95% credible interval' },
)

const posteriorFields = {
  sends: Type.Integer(),
  clicks: Type.Integer({ description: 'First human clicks of the sends' }),
  conversions: Type.Integer({ description: 'Conversions of the sends (refunds and chargebacks excluded)' }),
  revenue: Type.Number({ description: 'Net revenue: refunds and chargebacks subtract' }),
  ctr: Interval,
  cvr: Interval,
  rps: Type.Number({ description: "Posterior mean revenue per send at the offer's payout" }),
}

const CreativePosterior = Type.Object({
  creative_id: Type.Integer(),
  name: Type.String(),
  status: Type.String(),
  offer_id: Type.Union([Type.String(), Type.Null()], { description: "The creative's first link's offer" }),
  payout: Type.Number(),
  payout_type: Type.String(),
  ...posteriorFields,
  contexts: Type.Array(
    Type.Object({
      feature: Type.String({ description: CONTEXT_FEATURES.join(' | ') }),
      value: Type.String(),
      ...posteriorFields,
    }),
    { description: 'The same per contact-context value (raw counts of that value, not shrunk)' },
  ),
})

const Settings = Type.Object({
  mode: Type.Enum(SELECTION_MODES, {
    description:
      'thompson_single_step scores every creative on sampled revenue per send; thompson_two_step picks the ' +
      'best offer first, then the best creative of that offer',
  }),
  contextual: Type.Boolean({
    description:
      "Condition the posteriors on the contact's carrier, line type, timezone band and engagement recency " +
      "(shrunk to the creative's global posterior); false samples context-free posteriors",
  }),
})

export async function mlRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['ml']

  app.get(
    '/ml/creatives',
    {
      schema: {
        operationId: 'listMlCreatives',
        summary: 'Posteriors of every automated creative, globally and per contact-context value',
        description:
          'Counts come from the sends, clicks and revenue streams within seconds. Beta(1, 1) priors: CTR is ' +
          'clicks of sends, the conversion rate conversions of clicks.',
        tags,
        querystring: Type.Object({
          creative_id: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
          feature: Type.Optional(Type.Enum(CONTEXT_FEATURES, { description: 'Only this feature’s values' })),
        }),
        response: {
          200: Type.Object({ creatives: Type.Array(CreativePosterior) }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      creatives: await creativePosteriors(app.pg.pool, request.caller.accountId, {
        creativeId: request.query.creative_id,
        feature: request.query.feature,
      }),
    }),
  )

  app.get(
    '/ml/settings',
    {
      schema: {
        operationId: 'getMlSettings',
        summary: 'Creative selection settings',
        tags,
        response: { 200: Settings, ...AUTH_ERRORS },
      },
    },
    async (request) => mlSettings(app.pg.pool, request.caller.accountId),
  )

  app.put(
    '/ml/settings',
    {
      schema: {
        operationId: 'updateMlSettings',
        summary: 'Change the creative selection settings (member)',
        description: 'Partial: fields left out keep their value. Campaign runs read them when they start.',
        tags,
        body: Type.Object({
          mode: Type.Optional(Settings.properties.mode),
          contextual: Type.Optional(Settings.properties.contextual),
        }),
        response: {
          200: Type.Object({ success: Type.Literal(true), ...Settings.properties }),
          400: ErrorReply,
          ...AUTH_ERRORS,
        },
      },
    },
    async (request) => ({
      success: true as const,
      ...(await updateMlSettings(app.pg.pool, request.caller.accountId, request.body)),
    }),
  )
}
