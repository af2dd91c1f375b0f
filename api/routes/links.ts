// Links API (spec §12): mint tracked short links outside of messages.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { createOfferLink, shortenLink } from '../../services/links.js'
import { AUTH_ERRORS, ErrorReply, SerialId } from '../schemas.js'

const listTarget = {
  listId: Type.Optional(SerialId({ description: 'Sending list id' })),
  phoneNumber: Type.Optional(Type.String({ description: "The list's E.164 sending number" })),
}

const LINK_ERRORS = { 400: ErrorReply, 404: ErrorReply, 409: ErrorReply, 500: ErrorReply, ...AUTH_ERRORS }

export async function linkRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const tags = ['links']

  app.post(
    '/links',
    {
      schema: {
        operationId: 'createLink',
        summary: 'Create a tracked short link to an offer',
        description:
          'offerId wins over externalOfferId, listId over phoneNumber. The offer must be active, the list active with a shortener domain. Query parameters added to the short URL (sub1, source, …) are passed into the destination macros or appended. Every call mints a new link.',
        tags,
        body: Type.Object({
          offerId: Type.Optional(Type.String()),
          externalOfferId: Type.Optional(Type.String({ maxLength: 255 })),
          ...listTarget,
        }),
        response: {
          200: Type.Object({
            shortUrl: Type.String(),
            linkId: Type.String({ description: '7 characters' }),
            clickTrackerUrl: Type.String(),
            destinationUrl: Type.String(),
            domain: Type.String(),
            offerId: Type.String(),
          }),
          ...LINK_ERRORS,
        },
      },
    },
    async (request) =>
      createOfferLink(app.pg.pool, request.caller.accountId, request.body, app.config.publicLinkBaseUrl),
  )

  app.post(
    '/links/shorten',
    {
      schema: {
        operationId: 'shortenLink',
        summary: 'Shorten a URL or an offer into a tracked short link',
        description: 'offerId wins over url, listId over phoneNumber. Every call mints a new link.',
        tags,
        body: Type.Object({
          url: Type.Optional(Type.String({ description: 'http(s) URL, at most 2,048 characters' })),
          offerId: Type.Optional(Type.String()),
          ...listTarget,
          contactPhone: Type.Optional(Type.String({ description: 'E.164; fills {{contact.phone}}' })),
          metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
        response: {
          200: Type.Object({
            shortUrl: Type.String(),
            linkId: Type.String({ description: '7 characters' }),
            destinationUrl: Type.String(),
            domain: Type.String(),
            offerId: Type.Union([Type.Null(), Type.String()]),
            filterBots: Type.Boolean(),
          }),
          ...LINK_ERRORS,
        },
      },
    },
    async (request) => shortenLink(app.pg.pool, request.caller.accountId, request.body),
  )
}
