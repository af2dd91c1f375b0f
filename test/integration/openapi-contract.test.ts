// The API contract clients generate from (issue 13): both roles' OpenAPI documents give every operation a
// camelCase operationId, name their servers, share the error (and pagination) shapes through
// components.schemas, pass `redocly lint` (redocly.yaml), and a typed client generated from the API's
// document (openapi-typescript + openapi-fetch) compiles and makes real calls against the running platform.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { createFixture, startTestPlatform } from '../harness/platform.js'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..', '..')

const platform = await startTestPlatform(t)
const fixture = await createFixture(platform, platform.ingestUrl)
// Inside the project (under the ignored .tap/), so the compiled program resolves openapi-fetch.
mkdirSync(join(root, '.tap'), { recursive: true })
const dir = mkdtempSync(join(root, '.tap', 'openapi-contract-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

type Operation = { operationId?: string; responses: Record<string, { content?: Record<string, unknown> }> }
type Doc = {
  servers?: { url: string }[]
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, unknown> }
}

async function documentOf(role: 'api' | 'ingest'): Promise<{ doc: Doc; file: string }> {
  const base = role === 'api' ? platform.apiUrl : platform.ingestUrl
  const res = await fetch(`${base}/docs/json`)
  if (res.status !== 200) throw new Error(`${role} /docs/json answered ${res.status}`)
  const text = await res.text()
  const file = join(dir, `${role}.json`)
  writeFileSync(file, text)
  return { doc: JSON.parse(text) as Doc, file }
}

const operations = (doc: Doc) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  )

interface LintProblem {
  ruleId: string
  severity: 'error' | 'warn'
  message: string
  location: { pointer: string }[]
}

async function lint(file: string): Promise<LintProblem[]> {
  const args = ['redocly', 'lint', '--format=json', `--config=${join(root, 'redocly.yaml')}`, file]
  // redocly exits 1 when it finds errors; its JSON report is on stdout either way.
  const { stdout } = await run('npx', args, { cwd: root }).catch((err: { stdout: string }) => err)
  return (JSON.parse(stdout) as { problems: LintProblem[] }).problems
}

const api = await documentOf('api')
const ingest = await documentOf('ingest')

for (const [role, { doc }] of [
  ['api', api],
  ['ingest', ingest],
] as const) {
  t.test(`${role}: every operation has a unique camelCase operationId`, async (t) => {
    const ops = operations(doc)
    t.ok(ops.length > 0)
    const missing = ops.filter(({ op }) => !op.operationId).map(({ name }) => name)
    t.same(missing, [], 'operations without an operationId')
    const ids = ops.map(({ op }) => op.operationId ?? '')
    t.same(
      ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id)),
      [],
      'operationIds not camelCase',
    )
    t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
  })

  t.test(`${role}: servers and the shared error shape`, async (t) => {
    const base = role === 'api' ? platform.config.publicUrl : platform.config.publicLinkBaseUrl
    t.same(doc.servers, [{ url: base }])
    t.ok(doc.components?.schemas?.Error, 'components.schemas.Error')
    const text = JSON.stringify(doc.paths)
    t.ok(text.includes('"#/components/schemas/Error"'), 'error replies refer to the shared shape')
    t.notOk(
      text.includes('{"type":"object","properties":{"error":{"type":"string"},"code":{"type":"string"}}'),
      'no inline copy of the error shape is left',
    )
  })
}

t.test(
  'api: pagination and each resource are shared, and reports declare their CSV and Excel forms',
  async (t) => {
    const text = JSON.stringify(api.doc.paths)
    for (const name of [
      'Pagination',
      'ApiKey',
      'Audience',
      'Contact',
      'Creative',
      'Journey',
      'LiveEvent',
      'Member',
      'Message',
      'Offer',
      'Reply',
      'Schedule',
      'SendingList',
      'Tiles',
      'Webhook',
    ]) {
      t.ok(api.doc.components?.schemas?.[name], `components.schemas.${name}`)
      t.ok(text.includes(`"#/components/schemas/${name}"`), `${name} is referred to, not repeated inline`)
    }
    const contacts = api.doc.paths['/api/v2/contacts']?.get?.responses['200']?.content
    t.match(JSON.stringify(contacts), '"#/components/schemas/Pagination"')
    for (const path of [
      '/api/v2/reports/performance',
      '/api/v2/reports/ltv',
      '/api/v2/reports/messages/{id}',
    ]) {
      const content = api.doc.paths[path]?.get?.responses['200']?.content ?? {}
      t.same(
        Object.keys(content).sort(),
        ['application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
        path,
      )
    }
    const stream = api.doc.paths['/api/v2/live/stream']?.get?.responses['200']?.content ?? {}
    t.same(Object.keys(stream), ['text/event-stream'], 'the live stream is declared as server-sent events')
  },
)

t.test('ingest documents the postbacks, /conv, /conv/offer, the pixel and provider webhooks', async (t) => {
  const paths = Object.keys(ingest.doc.paths)
  for (const path of [
    '/api/postbacks/{network}',
    '/conv',
    '/conv/offer',
    '/pixel/{path}',
    '/webhooks/{provider}/{listId}/status',
    '/webhooks/{provider}/{listId}/inbound',
  ]) {
    t.ok(paths.includes(path), path)
  }
  t.same(Object.keys(ingest.doc.paths['/api/postbacks/{network}'] ?? {}).sort(), ['get', 'post'])
})

t.test('redocly lint (recommended rules) finds no error and no unexplained warning', async (t) => {
  t.same(await lint(api.file), [], 'api')
  // The pixel answers every request with its image (a browser shows no error), so it has no 4xx reply.
  const pixel = '#/paths/~1pixel~1{path}/get/responses'
  const problems = (await lint(ingest.file)).filter(
    (p) => !(p.ruleId === 'operation-4xx-response' && p.location[0]?.pointer === pixel),
  )
  t.same(problems, [], 'ingest')
})

t.test('a client generated from the API document compiles and makes real, typed calls', async (t) => {
  await run('npx', ['openapi-typescript', api.file, '-o', join(dir, 'schema.d.ts')], { cwd: root })
  writeFileSync(join(dir, 'program.ts'), PROGRAM)
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: true,
        types: [],
        lib: ['ES2023', 'DOM'],
        outDir: 'out',
      },
      files: ['program.ts', 'schema.d.ts'],
    }),
  )
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
  await run('npx', ['tsc', '-p', join(dir, 'tsconfig.json')], { cwd: root }).catch(
    (err: { stdout: string }) => {
      throw new Error(`the client program does not compile:\n${err.stdout}`)
    },
  )
  const program = (await import(pathToFileURL(join(dir, 'out', 'program.js')).href)) as {
    exercise(baseUrl: string, apiKey: string, listNumber: string, phone: string): Promise<Result>
  }
  const phone = `+1415555${String(1000 + Math.floor(Math.random() * 9000))}`
  const result = await program.exercise(platform.apiUrl, fixture.apiKey, '+18005550199', phone)
  t.equal(result.created, true, 'createContact answered 200 with success')
  t.ok(result.listed.includes(phone), 'listContacts returns the new contact')
  t.ok(result.total >= 1, 'pagination.total counts it')
  t.equal(result.reportGroupBy, 'date', 'getPerformanceReport answers its grouping')
  t.equal(result.unauthorizedCode, 'invalid_api_key', 'a wrong key gets the typed error body')
})

interface Result {
  created: boolean
  listed: string[]
  total: number
  reportGroupBy: string
  unauthorizedCode: string
}

/** The program compiled against the generated types: the dashboard will make these calls the same way. */
const PROGRAM = `
import createClient from 'openapi-fetch'
import type { paths } from './schema.js'

export async function exercise(baseUrl: string, apiKey: string, listNumber: string, phone: string) {
  const client = createClient<paths>({ baseUrl, headers: { 'X-Api-Key': apiKey } })
  const created = await client.POST('/api/v2/contacts', {
    body: { phone_number: phone, list_number: listNumber },
  })
  if (!created.data) throw new Error('createContact: ' + JSON.stringify(created.error))
  const success: boolean = created.data.success
  const listed = await client.GET('/api/v2/contacts', {
    params: { query: { list_number: listNumber, per_page: 1000 } },
  })
  if (!listed.data) throw new Error('listContacts: ' + JSON.stringify(listed.error))
  const phones: string[] = listed.data.contacts.map((c) => c.phone_number)
  const total: number = listed.data.pagination.total
  const report = await client.GET('/api/v2/reports/performance', { params: { query: { group_by: 'date' } } })
  if (!report.data) throw new Error('getPerformanceReport: ' + JSON.stringify(report.error))
  // The 200 is JSON or (with format=csv) CSV text: the generated type is their union.
  if (typeof report.data === 'string') throw new Error('getPerformanceReport answered CSV without format=csv')
  const reportGroupBy: string = report.data.group_by
  const anonymous = createClient<paths>({ baseUrl, headers: { 'X-Api-Key': 'not-a-key' } })
  const refused = await anonymous.GET('/api/v2/contacts', { params: { query: {} } })
  const unauthorizedCode: string = refused.error?.code ?? ''
  return { created: success, listed: phones, total, reportGroupBy, unauthorizedCode }
}
`
