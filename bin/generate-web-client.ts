// Writes the API's OpenAPI document (docs/openapi.json) and the web app's client types from it
// (web/src/api/schema.d.ts, openapi-typescript); test/unit/web-client.test.ts fails when either is stale.
// Run with `npm run generate:client` after changing a route's schema.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'
import { apiOpenApiDocument } from '../api/openapi-document.js'
import { repoRoot } from '../lib/paths.js'

export const DOCUMENT_FILE = join(repoRoot, 'docs', 'openapi.json')
export const SCHEMA_FILE = join(repoRoot, 'web', 'src', 'api', 'schema.d.ts')

const HEADER = `// Generated from the API's OpenAPI document by \`npm run generate:client\` (bin/generate-web-client.ts).
// Do not edit: change the route schemas and regenerate.
`

/** The two files' contents as they should be now. */
export async function generatedClientFiles(): Promise<{ document: string; schema: string }> {
  const doc = await apiOpenApiDocument()
  const types = HEADER + astToString(await openapiTS(doc as never, { alphabetize: true }))
  // In the project's own format, so `biome check` passes on the committed file as generated.
  const schema = execFileSync(
    join(repoRoot, 'node_modules', '.bin', 'biome'),
    ['format', `--stdin-file-path=${SCHEMA_FILE}`],
    {
      input: types,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  )
  return { document: `${JSON.stringify(doc, null, 2)}\n`, schema }
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
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { document, schema } = await generatedClientFiles()
  writeFileSync(DOCUMENT_FILE, document)
  writeFileSync(SCHEMA_FILE, schema)
  process.stdout.write(`wrote ${DOCUMENT_FILE} and ${SCHEMA_FILE}\n`)
}
