// Writes the API's OpenAPI document (docs/openapi.json), the web app's client types from it
// (web/src/api/schema.d.ts, openapi-typescript) and the request-body schemas its forms validate with
// (web/src/api/requestSchemas.ts); test/unit/web-client.test.ts fails when any of them is stale.
// Run with `npm run generate:client` after changing a route's schema.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import { apiOpenApiDocument } from '../api/openapi-document.js'
import { ERROR_STATUS } from '../core/errors.js'
import { repoRoot } from '../lib/paths.js'

export const DOCUMENT_FILE = join(repoRoot, 'docs', 'openapi.json')
export const SCHEMA_FILE = join(repoRoot, 'web', 'src', 'api', 'schema.d.ts')
export const REQUEST_SCHEMAS_FILE = join(repoRoot, 'web', 'src', 'api', 'requestSchemas.ts')

const HEADER = `// Generated from the API's OpenAPI document by \`npm run generate:client\` (bin/generate-web-client.ts).
// Do not edit: change the route schemas and regenerate.
`

interface GeneratedFiles {
  document: string
  schema: string
  requestSchemas: string
}

/** In the project's own format, so `biome check` passes on a committed file as generated. */
const formatted = (file: string, text: string): string =>
  execFileSync(join(repoRoot, 'node_modules', '.bin', 'biome'), ['format', `--stdin-file-path=${file}`], {
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })

/** Words for people, which a validator does not read: left out to keep the dashboard's bundle small. */
const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default'])

function withoutAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutAnnotations)
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !ANNOTATIONS.has(key))
      .map(([key, value]) =>
        key === 'properties'
          ? [key, Object.fromEntries(Object.entries(value).map(([p, s]) => [p, withoutAnnotations(s)]))]
          : [key, withoutAnnotations(value)],
      ),
  )
}

type Operation = { operationId?: string; requestBody?: { content?: Record<string, { schema?: unknown }> } }

/** Each operation's JSON request-body schema by operationId, and the API's error codes. */
function requestSchemasModule(doc: { paths: Record<string, Record<string, Operation>> }): string {
  const schemas: Record<string, unknown> = {}
  for (const methods of Object.values(doc.paths)) {
    for (const operation of Object.values(methods)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema
      if (operation.operationId && schema) schemas[operation.operationId] = withoutAnnotations(schema)
    }
  }
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)))
  return `${HEADER}import type { JsonSchema } from './jsonSchema.js'

/** The JSON schema of each operation's request body, as the API validates it (annotations left out). */
export const REQUEST_SCHEMAS = ${JSON.stringify(sorted)} as const satisfies Record<string, JsonSchema>

export type OperationWithBody = keyof typeof REQUEST_SCHEMAS

/** Every error code the API answers with. */
export const ERROR_CODES: ReadonlySet<string> = new Set(${JSON.stringify(Object.keys(ERROR_STATUS).sort())})
`
}

/** The files' contents as they should be now. */
export async function generatedClientFiles(): Promise<GeneratedFiles> {
  const doc = await apiOpenApiDocument()
  const types = HEADER + astToString(await openapiTS(doc as never, { alphabetize: true }))
  return {
    document: `${JSON.stringify(doc, null, 2)}\n`,
    schema: formatted(SCHEMA_FILE, types),
    requestSchemas: formatted(REQUEST_SCHEMAS_FILE, requestSchemasModule(doc as never)),
  }
}

/** Files whose committed text differs from what the routes generate now. */
export async function staleClientFiles(): Promise<string[]> {
  const now = await generatedClientFiles()
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8')
    } catch {
      return ''
    }
  }
  return [
    ...(read(DOCUMENT_FILE) === now.document ? [] : [DOCUMENT_FILE]),
    ...(read(SCHEMA_FILE) === now.schema ? [] : [SCHEMA_FILE]),
    ...(read(REQUEST_SCHEMAS_FILE) === now.requestSchemas ? [] : [REQUEST_SCHEMAS_FILE]),
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { document, schema, requestSchemas } = await generatedClientFiles()
  writeFileSync(DOCUMENT_FILE, document)
  writeFileSync(SCHEMA_FILE, schema)
  writeFileSync(REQUEST_SCHEMAS_FILE, requestSchemas)
  process.stdout.write(`wrote ${DOCUMENT_FILE}, ${SCHEMA_FILE} and ${REQUEST_SCHEMAS_FILE}\n`)
}
