// /healthz says the process is alive; /readyz asks each dependency, each check bounded in time.
import type { FastifyInstance } from 'fastify'
import Type from 'typebox'
import { pingKafka } from './kafka.js'

const CHECK_TIMEOUT_MS = 2_000

export type CheckStatus = { status: 'up' | 'down'; latency_ms: number; reason?: string }

async function timed(check: () => Promise<unknown>): Promise<CheckStatus> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS)
      }),
    ])
    return { status: 'up', latency_ms: Math.round(performance.now() - started) }
  } catch (err) {
    // Only a short, non-sensitive reason: the class of failure, not the driver's message.
    const reason = (err as Error).message === 'timeout' ? 'timeout' : 'unreachable'
    return { status: 'down', latency_ms: Math.round(performance.now() - started), reason }
  } finally {
    clearTimeout(timer)
  }
}

export async function readiness(app: FastifyInstance): Promise<Record<string, CheckStatus>> {
  const [postgres, redis, kafka, clickhouse] = await Promise.all([
    timed(() => app.pg.ping()),
    timed(async () => {
      if ((await app.redis.ping()) !== 'PONG') throw new Error('bad reply')
    }),
    timed(() => pingKafka(app.kafka.admin)),
    timed(async () => {
      if (!(await app.clickhouse.ping())) throw new Error('ping failed')
    }),
  ])
  return { postgres, redis, kafka, clickhouse }
}

const Check = Type.Object({
  status: Type.Enum(['up', 'down']),
  latency_ms: Type.Number(),
  reason: Type.Optional(Type.String()),
})

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    { schema: { hide: true, response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  )
  app.get(
    '/readyz',
    {
      schema: {
        hide: true,
        response: {
          200: Type.Object({
            status: Type.Enum(['ready', 'not_ready']),
            checks: Type.Record(Type.String(), Check),
          }),
          503: Type.Object({
            status: Type.Enum(['ready', 'not_ready']),
            checks: Type.Record(Type.String(), Check),
          }),
        },
      },
    },
    async (_req, reply) => {
      const checks = await readiness(app)
      const ready = Object.values(checks).every((c) => c.status === 'up')
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
    },
  )
}
