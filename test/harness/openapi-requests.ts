// Requests for every operation of an OpenAPI document: path, query and body generated from the operation's
// schemas by schema-arbitrary.ts, with hostile path segments, query strings, raw bodies and content types, and
// the reads that must still answer 200 after a write is accepted.
import fc from 'fast-check'
import {
  DEEP_VALUE,
  deeplyNestedJson,
  HOSTILE_STRINGS,
  hostileValue,
  type JsonSchema,
  schemaArbitrary,
} from './schema-arbitrary.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface Operation {
  method: Method
  /** OpenAPI path template, e.g. /api/v2/schedules/{id}. */
  path: string
  pathParams: { name: string; schema: JsonSchema }[]
  queryParams: { name: string; schema: JsonSchema; required: boolean }[]
  body: JsonSchema | undefined
  /** Operations with `security: []` take no API key. */
  public: boolean
  /** Operations whose only security is the dashboard session (no API key reaches them). */
  sessionOnly: boolean
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[]
        requestBody?: { content?: Record<string, { schema: JsonSchema }> }
        security?: unknown[]
      }
    >
  >
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? []
      ops.push({
        method: method.toUpperCase() as Method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map(({ name, schema }) => ({ name, schema })),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map(({ name, schema, required }) => ({ name, schema, required: required === true })),
        body: op.requestBody?.content?.['application/json']?.schema,
        public: Array.isArray(op.security) && op.security.length === 0,
        sessionOnly: JSON.stringify(op.security) === JSON.stringify([{ session: [] }]),
      })
    }
  }
  return ops
}

/** A path segment: an id the run created (index into that collection's ids), or literal text. */
export type PathValue = { known: number } | { raw: string }

export type BodyCase =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  | { kind: 'raw'; text: string; contentType: string | undefined }

export interface RequestCase {
  op: Operation
  path: Record<string, PathValue>
  query: string
  body: BodyCase
  key: 'owner' | 'member' | 'viewer' | 'none'
  /** The field of a seed body this case changed, when it changed one. */
  seedField: string | undefined
}

/** Segments that must never reach a handler as anything but a 4xx. */
const HOSTILE_SEGMENTS = [
  '%00',
  'a%00b',
  '1e308',
  '1e20',
  '18446744073709551616',
  '9007199254740993',
  '-1',
  '0',
  '%ED%A0%80',
  '%C0%80',
  '%FF',
  '%',
  'A'.repeat(300),
  '%2e%2e',
  "'%20OR%201=1",
]

const HOSTILE_QUERIES = [
  'page=1e20',
  'page=18446744073709551616',
  'per_page=1e308',
  'page=-1',
  'page=%00',
  'limit=1e308',
  'x=%ED%A0%80',
  'status=%00',
  'page=1&page=2',
  'q=%',
  `q=${'A'.repeat(100_000)}`,
]

const DEPTH = 5_000
const HOSTILE_BODIES = [
  '{',
  '[]',
  '"text"',
  'null',
  '12',
  '{"a":"\\u0000"}',
  '{"name":"\\ud800"}',
  '{"\\u0000":1}',
  `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`,
  `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`,
  `{"name":${deeplyNestedJson(DEPTH)},"phone_number":"+12015550100"}`,
]

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
]

function queryString(value: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined) continue
    params.append(name, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))
  }
  return params.toString()
}

/** Bodies and the fields a write may change, from the seed bodies known to be valid for this operation. */
export function requestCaseArbitrary(
  op: Operation,
  seeds: Record<string, unknown>[],
): fc.Arbitrary<RequestCase> {
  const hostile = { hostileWeight: 1 }
  const path = fc.record(
    Object.fromEntries(
      op.pathParams.map(({ name, schema }) => [
        name,
        fc.oneof(
          { arbitrary: fc.nat().map((known): PathValue => ({ known })), weight: 6 },
          {
            arbitrary: schemaArbitrary(schema, { hostileWeight: 0 }).map(
              (v): PathValue => ({
                raw: encodeURIComponent(String(v)),
              }),
            ),
            weight: 2,
          },
          { arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((raw): PathValue => ({ raw })), weight: 2 },
        ),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, PathValue>>
  const queryModel = Object.fromEntries(
    op.queryParams.map((p) => [p.name, schemaArbitrary(p.schema, hostile)]),
  )
  const query = fc.oneof(
    {
      arbitrary: fc
        .record(queryModel, { requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name) })
        .map(queryString),
      weight: 8,
    },
    { arbitrary: fc.constantFrom(...HOSTILE_QUERIES), weight: 2 },
  )
  const body = bodyArbitrary(op, seeds)
  const key = op.public
    ? fc.constant('none' as const)
    : fc.constantFrom<RequestCase['key'][]>('owner', 'owner', 'owner', 'owner', 'member', 'viewer', 'none')
  return fc.record({ path, query, body, key }).map(({ body, ...rest }) => ({
    op,
    ...rest,
    body: body.body,
    seedField: body.seedField,
  }))
}

function bodyArbitrary(
  op: Operation,
  seeds: Record<string, unknown>[],
): fc.Arbitrary<{ body: BodyCase; seedField: string | undefined }> {
  const plain = (body: BodyCase) => ({ body, seedField: undefined })
  if (op.method === 'GET') return fc.constant(plain({ kind: 'none' }))
  const raw = fc
    .record({
      text: fc.constantFrom(...HOSTILE_BODIES, ...HOSTILE_STRINGS.map((s) => JSON.stringify({ name: s }))),
      contentType: fc.constantFrom('application/json', ...CONTENT_TYPES, undefined),
    })
    .map(({ text, contentType }) => plain({ kind: 'raw', text, contentType }))
  if (!op.body) return fc.oneof({ arbitrary: fc.constant(plain({ kind: 'none' })), weight: 8 }, raw)
  const json = (value: unknown) => ({ kind: 'json' as const, value, contentType: 'application/json' })
  // Mostly a body of the right shape with one hostile field: a body wrong everywhere stops at the schema.
  const fields = Object.keys(op.body.properties ?? {})
  const fromSchema = schemaArbitrary(op.body, { hostileWeight: 0 }).map((v) => plain(json(v)))
  const oneHostileField =
    fields.length === 0
      ? fromSchema
      : fc
          .record({
            base: schemaArbitrary(op.body, { hostileWeight: 0 }),
            field: fc.constantFrom(...fields),
            value: hostileValue,
          })
          .map(({ base, field, value }) => ({
            body: json({ ...(base as Record<string, unknown>), [field]: value }),
            seedField: field,
          }))
  const anywhere = schemaArbitrary(op.body, { hostileWeight: 1 }).map((v) => plain(json(v)))
  const wrongType = fc
    .record({
      value: schemaArbitrary(op.body, { hostileWeight: 0 }),
      contentType: fc.constantFrom(...CONTENT_TYPES),
    })
    .map(({ value, contentType }) => plain({ kind: 'json', value, contentType }))
  const arbitraries = [
    { arbitrary: fromSchema, weight: 2 },
    { arbitrary: oneHostileField, weight: 4 },
    { arbitrary: anywhere, weight: 1 },
    { arbitrary: raw, weight: 1 },
    { arbitrary: wrongType, weight: 1 },
  ]
  // A valid body with one field replaced (or, for a partial update, that field alone): the nearest miss.
  if (seeds.length > 0 && fields.length > 0) {
    const mutated = fc
      .record({
        seed: fc.constantFrom(...seeds),
        field: fc.constantFrom(...fields),
        alone: fc.boolean(),
      })
      .chain(({ seed, field, alone }) =>
        schemaArbitrary(op.body?.properties?.[field] ?? {}, { hostileWeight: 2 }).map((v) => ({
          body: json(alone && op.method !== 'POST' ? { [field]: v } : { ...seed, [field]: v }),
          seedField: field,
        })),
      )
    arbitraries.push({ arbitrary: mutated, weight: 6 })
  }
  return fc.oneof(...arbitraries)
}

/** The URL of a case, with known ids taken from the ids created so far for the collection they belong to. */
export function urlOf(c: RequestCase, knownIds: (collection: string) => string[]): string {
  let url = c.op.path
  for (const { name } of c.op.pathParams) {
    const value = c.path[name]!
    let segment: string
    if ('known' in value) {
      const collection = c.op.path.slice(0, c.op.path.indexOf(`{${name}}`) - 1)
      const ids = knownIds(collection)
      segment =
        ids.length > 0 ? encodeURIComponent(ids[value.known % ids.length]!) : '000000000000000000000000'
    } else segment = value.raw
    url = url.replace(`{${name}}`, segment)
  }
  return c.query ? `${url}?${c.query}` : url
}

/**
 * The reads that must answer 200 once `c` was accepted: every GET operation whose path is the written path or a
 * parent of it (the resource and its list), with the same path segments; a delete skips the deleted resource.
 * `createdId` is the id a create answered with, standing for the `{id}` of the resource below the collection.
 */
export function readsAfterWrite(
  c: RequestCase,
  url: string,
  gets: Operation[],
  createdId?: string,
): string[] {
  const path = url.split('?')[0]!
  const written = path.split('/')
  const template = c.op.path.split('/')
  const reads: string[] = []
  for (const get of gets) {
    if (get.queryParams.some((p) => p.required)) continue
    const parts = get.path.split('/')
    if (
      createdId !== undefined &&
      parts.length === template.length + 1 &&
      get.path.startsWith(`${c.op.path}/{`)
    ) {
      reads.push(`${path}/${encodeURIComponent(createdId)}`)
      continue
    }
    if (parts.length > template.length || parts.some((p, i) => p !== template[i])) continue
    if (c.op.method === 'DELETE' && parts.length === template.length) continue
    reads.push(written.slice(0, parts.length).join('/'))
  }
  return reads
}

/** The values every field of a seeded write is tried with, one at a time (the 1 MB string is left to chance). */
export const SWEEP_VALUES: unknown[] = [
  '',
  '   ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '2026-02-30',
  'not a date or number',
  1e308,
  2 ** 64,
  -1,
  0,
  0.5,
  null,
  true,
  {},
  [],
  [null],
  DEEP_VALUE,
]

/**
 * Each field of each seed body replaced by each sweep value, sent with the owner key to the first resource
 * the run created: alone for a partial update (PUT, PATCH), in the whole seed for a create.
 */
export function sweepCases(op: Operation, seeds: Record<string, unknown>[]): RequestCase[] {
  const cases: RequestCase[] = []
  const path = Object.fromEntries(op.pathParams.map(({ name }) => [name, { known: 0 }]))
  for (const seed of seeds) {
    for (const field of Object.keys(op.body?.properties ?? {})) {
      for (const value of SWEEP_VALUES) {
        cases.push({
          op,
          path,
          query: '',
          body: {
            kind: 'json',
            value: op.method === 'POST' ? { ...seed, [field]: value } : { [field]: value },
            contentType: 'application/json',
          },
          key: 'owner',
          seedField: field,
        })
      }
    }
  }
  return cases
}
