// Client-side checks of a request body against the API's own schema for that operation (requestSchemas.ts,
// generated from the OpenAPI document), so a form refuses what the API would refuse, before sending it, with the
// code the API would answer (core/errors.ts specCodeOf: `missing_x`, `x_too_long`, `invalid_x`, else
// validation_error). Issues come in the order the API's validator (Ajv) meets them, so the first is the one the
// API would name; test/unit/web-request-validation.test.ts holds both equal on generated bodies.
import type { JsonSchema } from './jsonSchema.js'
import { ERROR_CODES, type OperationWithBody, REQUEST_SCHEMAS } from './requestSchemas.js'

export interface SchemaIssue {
  /** JSON pointer of the value the issue concerns (for `required`, the missing property's own pointer). */
  path: string
  /** The pointer Ajv reports (for `required`, the object's). */
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  /** The API's error code for this issue. */
  code: string
  message: string
}

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'array':
      return Array.isArray(value)
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'null':
      return value === null
    default:
      return typeof value === type
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
const codePoints = (text: string): number => {
  let n = 0
  for (const _ of text) n++
  return n
}
const pointerToken = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1')
const count = (n: number) => n.toLocaleString('en-US')
const nameOf = (path: string): string => path.split('/').filter(Boolean).pop()?.replace(/~1/g, '/') ?? 'body'

function codeOf(keyword: string, instancePath: string, params: Record<string, unknown>): string {
  const field = nameOf(instancePath)
  const candidates: Record<string, string> = {
    required: `missing_${String(params.missingProperty ?? '')}`,
    maxItems: `too_many_${field}`,
    maxLength: `${field}_too_long`,
  }
  const code =
    candidates[keyword] ??
    (['enum', 'const', 'anyOf', 'type', 'format', 'pattern', 'minimum', 'maximum'].includes(keyword)
      ? `invalid_${field}`
      : undefined)
  return code && ERROR_CODES.has(code) ? code : 'validation_error'
}

function messageOf(
  keyword: string,
  path: string,
  params: Record<string, unknown>,
  schema: JsonSchema,
): string {
  const field = nameOf(path)
  const range = () =>
    schema.minimum !== undefined && schema.maximum !== undefined
      ? ` from ${count(schema.minimum)} to ${count(schema.maximum)}`
      : schema.minimum !== undefined
        ? ` of at least ${count(schema.minimum)}`
        : schema.maximum !== undefined
          ? ` of at most ${count(schema.maximum)}`
          : ''
  const typed = () => {
    const types = [schema.type ?? []].flat()
    if (types.includes('integer')) return `${field} must be a whole number${range()}`
    if (types.includes('number')) return `${field} must be a number${range()}`
    return `${field} must be ${types.join(' or ')}`
  }
  switch (keyword) {
    case 'required':
      return `${field} is required`
    case 'maxLength':
      return `${field} must be at most ${count(Number(params.limit))} characters`
    case 'minLength':
      return params.limit === 1
        ? `${field} must not be empty`
        : `${field} must be at least ${params.limit} characters`
    case 'minimum':
    case 'maximum':
    case 'type':
      return typed()
    case 'enum':
    case 'const':
      return `${field} must be one of ${(schema.enum ?? [schema.const]).map(String).join(', ')}`
    case 'maxItems':
      return `${field} holds at most ${count(Number(params.limit))} items`
    case 'minItems':
      return `${field} needs at least ${count(Number(params.limit))} items`
    case 'maxProperties':
      return `${field} holds at most ${count(Number(params.limit))} entries`
    case 'pattern':
      return `${field} is not in the expected form`
    default:
      return `${field} is not valid`
  }
}

/** Every issue of `value` against `schema`, depth first, in Ajv's order of keywords. */
function check(schema: JsonSchema, value: unknown, path: string, out: SchemaIssue[]): void {
  const issue = (keyword: string, params: Record<string, unknown>, at = path, instancePath = path) =>
    out.push({
      path: at,
      instancePath,
      keyword,
      params,
      code: codeOf(keyword, instancePath, params),
      message: messageOf(keyword, at, params, schema),
    })
  if (value === null && schema.nullable) return
  const types = [schema.type ?? []].flat()
  if (types.length > 0 && !types.some((type) => hasType(value, type))) {
    issue('type', { type: types.join(','), actual: typeName(value) })
    return
  }
  // Keywords of no type first (const, enum, anyOf), then those of the value's type, as Ajv groups them.
  if (schema.const !== undefined && !sameJson(value, schema.const)) issue('const', {})
  if (schema.enum && !schema.enum.some((option) => sameJson(value, option))) issue('enum', {})
  if (schema.anyOf) {
    const tries = schema.anyOf.map((branch) => {
      const found: SchemaIssue[] = []
      check(branch, value, path, found)
      return found
    })
    if (tries.every((found) => found.length > 0)) {
      out.push(...(tries[0] ?? []))
      issue('anyOf', {})
    }
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined && value > schema.maximum) issue('maximum', { limit: schema.maximum })
    if (schema.minimum !== undefined && value < schema.minimum) issue('minimum', { limit: schema.minimum })
  }
  if (typeof value === 'string') {
    const length = schema.maxLength !== undefined || schema.minLength !== undefined ? codePoints(value) : 0
    if (schema.maxLength !== undefined && length > schema.maxLength)
      issue('maxLength', { limit: schema.maxLength })
    if (schema.minLength !== undefined && length < schema.minLength)
      issue('minLength', { limit: schema.minLength })
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) issue('pattern', {})
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      issue('maxItems', { limit: schema.maxItems })
    if (schema.minItems !== undefined && value.length < schema.minItems)
      issue('minItems', { limit: schema.minItems })
    const items = schema.items
    if (items) {
      for (const [i, item] of value.entries()) check(items, item, `${path}/${i}`, out)
    }
  }
  if (hasType(value, 'object')) {
    const object = value as Record<string, unknown>
    const properties = schema.properties ?? {}
    const keys = Object.keys(object)
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties)
      issue('maxProperties', { limit: schema.maxProperties })
    for (const name of schema.required ?? []) {
      if (object[name] === undefined)
        issue('required', { missingProperty: name }, `${path}/${pointerToken(name)}`, path)
    }
    // `additionalProperties: false` is not an error: the API drops unknown properties (removeAdditional).
    const extra = schema.additionalProperties
    if (typeof extra === 'object') {
      for (const name of keys)
        if (!Object.hasOwn(properties, name)) check(extra, object[name], `${path}/${pointerToken(name)}`, out)
    }
    for (const [name, property] of Object.entries(properties)) {
      if (object[name] !== undefined) check(property, object[name], `${path}/${pointerToken(name)}`, out)
    }
  }
}

/** The issues of a request body for `operation`, the API's first one first; empty when the API would accept it. */
export function requestIssues(operation: OperationWithBody, body: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = []
  check(REQUEST_SCHEMAS[operation] as JsonSchema, body, '', out)
  return out
}

/**
 * A form's errors by field from the issues of its body: `fieldOf` names the form field an issue's path belongs to
 * (by default the top-level property); `messages` may word an issue better than the generic text, by field and
 * keyword. The first issue of a field wins.
 */
export function schemaFieldErrors<F extends string>(
  operation: OperationWithBody,
  body: unknown,
  options: {
    fieldOf?: (path: string) => F | undefined
    messages?: Partial<Record<F, Partial<Record<string, string>>>>
  } = {},
): Partial<Record<F, string>> {
  const fieldOf =
    options.fieldOf ?? ((path: string) => path.split('/')[1]?.replace(/~1/g, '/') as F | undefined)
  const errors: Partial<Record<F, string>> = {}
  for (const issue of requestIssues(operation, body)) {
    const field = fieldOf(issue.path)
    if (field === undefined || errors[field] !== undefined) continue
    errors[field] = options.messages?.[field]?.[issue.keyword] ?? issue.message
  }
  return errors
}
