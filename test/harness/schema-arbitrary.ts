// fast-check arbitraries from the JSON schemas of an OpenAPI document (the subset @fastify/swagger emits for
// TypeBox: type, properties/required, items, enum, anyOf, nullable, bounds, pattern), with hostile values mixed
// in at every node: what a careless client or an attacker sends instead of what the schema asks for.
import fc from 'fast-check'

export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  nullable?: boolean
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  minItems?: number
  maxItems?: number
  pattern?: string
  format?: string
}

/** One mebibyte of text: larger than any field allows, smaller than the body limit. */
export const MEGABYTE_STRING = 'A'.repeat(1 << 20)

/** JSON text nested `depth` levels deep, objects and arrays alternating (built as text: no recursion). */
export function deeplyNestedJson(depth: number): string {
  const half = Math.floor(depth / 2)
  return `${'{"a":['.repeat(half)}0${']}'.repeat(half)}`
}

/** Stands for a 5,000-deep value inside a generated body; `toJsonText` writes it out. */
export const DEEP_VALUE = '\u0001deeply-nested\u0001'

/** A generated value as request-body JSON, with every `DEEP_VALUE` written out 5,000 levels deep. */
export function toJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null'
  return text.replaceAll(JSON.stringify(DEEP_VALUE), deeplyNestedJson(5_000))
}

export const HOSTILE_STRINGS = [
  '\u0000',
  'name\u0000suffix',
  '\ud800',
  'a\udc00b',
  '\ud83d',
  '',
  '   ',
  '%00',
  '\u202e\u0000',
  "' OR 1=1 --",
  '{{link1}}',
  '../../../etc/passwd',
  '1e308',
  '18446744073709551616',
  '-1',
  'null',
  MEGABYTE_STRING,
]

export const HOSTILE_NUMBERS = [
  1e20,
  1e308,
  -1e308,
  2 ** 64,
  2 ** 63,
  2 ** 53 + 2,
  2 ** 31,
  -(2 ** 31) - 1,
  -1,
  0,
  0.5,
  -0.000001,
]

const HOSTILE_SHAPES: unknown[] = [null, true, {}, [], [null], { '': '\u0000' }, DEEP_VALUE]

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_SHAPES),
)

/**
 * Strings an API like this one expects somewhere (numbers, dates, URLs, ids): plain random text almost never
 * passes a service's own checks, so writes would never be accepted and read back.
 */
const PLAUSIBLE_STRINGS = [
  '+12015550123',
  '+18005551000',
  '2026-01-15',
  '2027-03-01',
  '2026-01-15T10:00:00Z',
  '10:30',
  'https://example.com/offer?a=1',
  'test@example.test',
  'Hello {{first_name}}',
  'blast',
  'everflow',
  'active',
  'US',
  'fuzz',
]

const DEFAULT_STRING_MAX = 24

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0
  const max = Math.max(min, Math.min(schema.maxLength ?? DEFAULT_STRING_MAX, DEFAULT_STRING_MAX))
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern)
    return fc.stringMatching(pattern).filter((s) => s.length <= (schema.maxLength ?? Infinity))
  }
  if (schema.format === 'date-time') {
    return fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString())
  }
  if (schema.format === 'date') {
    return fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
      .map((d) => d.toISOString().slice(0, 10))
  }
  if (schema.format === 'email') return fc.emailAddress()
  if (schema.format === 'uri') return fc.webUrl()
  const plausible = PLAUSIBLE_STRINGS.filter((s) => s.length >= min && s.length <= (schema.maxLength ?? 1e9))
  const random = fc.string({ minLength: min, maxLength: max, unit: 'grapheme' })
  return plausible.length > 0 ? fc.oneof(random, fc.constantFrom(...plausible)) : random
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000
  const max = schema.maximum ?? 1_000_000
  const lo = Math.max(min, -1_000_000)
  const hi = Math.max(lo, Math.min(max, 1_000_000))
  if (integer) return fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true })
}

export interface ArbitraryOptions {
  /** Relative weight of a hostile value against a schema value at each node (0 turns hostility off). */
  hostileWeight: number
  /** How deep objects and arrays are generated before only required fields are kept. */
  maxDepth?: number
}

/** Values for `schema`: mostly what it describes, with hostile values at any node. */
export function schemaArbitrary(
  schema: JsonSchema,
  opts: ArbitraryOptions,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, opts, depth)
  const withNull = schema.nullable ? fc.oneof(valid, fc.constant(null)) : valid
  if (opts.hostileWeight <= 0) return withNull
  return fc.oneof(
    { arbitrary: withNull, weight: 12 },
    { arbitrary: hostileValue, weight: opts.hostileWeight },
  )
}

function validArbitrary(schema: JsonSchema, opts: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const maxDepth = opts.maxDepth ?? 4
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, opts, depth + 1)))
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  if (types.length > 1)
    return fc.oneof(...types.map((type) => validArbitrary({ ...schema, type }, opts, depth)))
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema)
    case 'integer':
      return numberArbitrary(schema, true)
    case 'number':
      return numberArbitrary(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      if (depth >= maxDepth) return fc.constant([])
      const maxLength = Math.min(schema.maxItems ?? 3, 3)
      const minLength = Math.min(schema.minItems ?? 0, maxLength)
      return fc.array(schemaArbitrary(schema.items ?? {}, opts, depth + 1), { minLength, maxLength })
    }
    case 'object': {
      const properties = schema.properties ?? {}
      const required = schema.required ?? []
      if (depth >= maxDepth && Object.keys(properties).length === 0) return fc.constant({})
      const model = Object.fromEntries(
        Object.entries(properties)
          .filter(([name]) => depth < maxDepth || required.includes(name))
          .map(([name, s]) => [name, schemaArbitrary(s, opts, depth + 1)]),
      )
      const record = fc.record(model, { requiredKeys: required.filter((name) => name in model) })
      if (!schema.additionalProperties || typeof schema.additionalProperties !== 'object') return record
      const extra = fc.dictionary(
        fc.string({ maxLength: 12 }),
        schemaArbitrary(schema.additionalProperties, opts, depth + 1),
        { maxKeys: 3 },
      )
      return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }))
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}
