// The dashboard (dist/web, built from web/ by `npm run build`) served by the api role: hashed assets with a year's
// cache, and index.html for any other page a browser navigates to (the app routes in the browser). API, docs,
// health and metrics paths are never the app's, and a program that does not ask for HTML keeps the JSON 404.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

const NOT_THE_APP = /^\/(api|docs|health|metrics)(\/|$)/
/** Vite's output names: assets/<name>-<hash>.<ext>, nothing else. */
const ASSET = /^assets\/[\w.-]+$/
const YEAR_SECONDS = 365 * 24 * 3600

/** What the page may load and where it may connect: only this origin (uPlot and React Aria set inline styles). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ')

export const webApp = fp<{ root: string }>(
  async (app: FastifyInstance, { root }) => {
    await app.register(fastifyStatic, { root, serve: false })
    const index = join(root, 'index.html')

    const page = (request: FastifyRequest, reply: FastifyReply) => {
      const path = (request.params as { '*'?: string })['*'] ?? ''
      const url = `/${path}`
      if (NOT_THE_APP.test(url)) return reply.callNotFound()
      if (ASSET.test(path) && existsSync(join(root, path))) {
        return reply.sendFile(path, { maxAge: YEAR_SECONDS * 1000, immutable: true })
      }
      const wantsHtml = (request.headers.accept ?? '').includes('text/html')
      if (!wantsHtml || path.startsWith('assets/') || !existsSync(index)) return reply.callNotFound()
      return reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .sendFile('index.html', { cacheControl: false })
    }
    app.get('/', { schema: { hide: true } }, page)
    app.get('/*', { schema: { hide: true } }, page)
  },
  { name: 'trackly-web' },
)
