// The reference for the redirect benchmark: a bare Fastify handler answering the same 302, with no lookup,
// no click event and no durability.
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'

const port = Number(process.argv[2] ?? 3900)
const app = Fastify({ logger: false })
app.get('/:code', async (_request, reply) =>
  reply.redirect(`https://offers.example.com/o?aff=1&sub1=${randomBytes(10).toString('hex')}`, 302),
)
await app.listen({ host: '127.0.0.1', port })
process.stdout.write('ready\n')
