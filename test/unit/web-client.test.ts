// The dashboard's API client types (web/src/api/schema.d.ts) and the OpenAPI document beside them
// (docs/openapi.json) are committed: this fails when a route's schema changed without regenerating them.
import t from 'tap'
import { staleClientFiles } from '../../bin/generate-web-client.js'

t.test('the generated API document and web client types match the routes', async (t) => {
  const stale = await staleClientFiles()
  t.same(stale, [], 'stale: run `npm run generate:client` and commit the result')
})
