// The dashboard's forms check a body against the API's own request schema (web/src/api/validate.ts over the
// generated web/src/api/requestSchemas.ts). Here that check is held equal to the validator the API runs (Ajv with
// the server's options, type coercion aside: a form sends typed values) on bodies generated from every operation's
// schema with hostile values mixed in: the same verdict, the same first problem (keyword and place), and the same
// error code the API would answer (core/errors.ts specCodeOf).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import t from 'tap'
import { type SchemaViolation, specCodeOf } from '../../core/errors.js'
import { repoRoot } from '../../lib/paths.js'
import { REQUEST_SCHEMAS } from '../../web/src/api/requestSchemas.js'
import { requestIssues, schemaFieldErrors } from '../../web/src/api/validate.js'
import { type JsonSchema, schemaArbitrary } from '../harness/schema-arbitrary.js'

type Operation = { operationId?: string; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }
const document = JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>
}
const documented = Object.values(document.paths)
  .flatMap((methods) => Object.values(methods))
  .flatMap((op) => {
    const schema = op.requestBody?.content?.['application/json']?.schema
    return op.operationId && schema ? [[op.operationId, schema] as const] : []
  })

// lib/server.ts: coerceTypes 'array', removeAdditional true, allErrors false (and Fastify's useDefaults).
const ajv = new Ajv({
  removeAdditional: true,
  useDefaults: true,
  allErrors: false,
  strict: false,
  validateFormats: false,
})

t.test('every operation with a JSON body has its schema in the dashboard', async (t) => {
  t.same(Object.keys(REQUEST_SCHEMAS).sort(), documented.map(([id]) => id).sort())
})

for (const [operationId, schema] of documented) {
  t.test(`${operationId}: the form's check agrees with the API's validator`, async (t) => {
    const validate = ajv.compile(schema)
    let refused = 0
    fc.assert(
      fc.property(schemaArbitrary(schema, { hostileWeight: 1, maxDepth: 3 }), (body) => {
        const accepted = validate(structuredClone(body))
        const issues = requestIssues(operationId as keyof typeof REQUEST_SCHEMAS, structuredClone(body))
        if (accepted) return issues.length === 0
        refused++
        const first = validate.errors?.[0] as SchemaViolation
        const mine = issues[0]
        return (
          mine !== undefined &&
          mine.keyword === first.keyword &&
          mine.instancePath === first.instancePath &&
          mine.code === specCodeOf(first)
        )
      }),
      { numRuns: 150 },
    )
    t.ok(refused > 0, `some generated bodies were refused (${refused})`)
  })
}

t.test('a form names the field, in words, with the API’s limits', async (t) => {
  const errors = schemaFieldErrors('createOffer', {
    name: 'x'.repeat(256),
    tracking_url: 'https://a.example/',
    payout: -1,
    click_window_days: 1.5,
  })
  t.equal(errors.name, 'name must be at most 255 characters')
  t.match(errors.payout, /^payout must be a number from 0 to /)
  t.match(errors.click_window_days, /^click_window_days must be a whole number from 1 to 365/)
  t.same(requestIssues('createOffer', { tracking_url: 'https://a.example/' })[0]?.code, 'missing_name')
  t.same(
    schemaFieldErrors(
      'createOffer',
      { tracking_url: 1 },
      { messages: { tracking_url: { type: 'Enter a URL' } } },
    ).tracking_url,
    'Enter a URL',
  )
})
