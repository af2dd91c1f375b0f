// The dashboard's list form checks what the API checks: its choices are the document's enums, its credential
// fields hold each adapter's required keys, and its number, host-name and credential verdicts agree with the
// service's (services/lists.ts) for any input.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { repoRoot } from '../../lib/paths.js'
import { adapterFor, REAL_PROVIDERS } from '../../providers/index.js'
import { listInputProblem } from '../../services/lists.js'
import {
  CREDENTIAL_FIELDS,
  emptyList,
  FIELD_OF_CODE,
  NUMBER_TYPES,
  PROVIDERS,
  validateList,
} from '../../web/src/lists/listRules.js'

const document = JSON.parse(readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8'))
const view = document.components.schemas.SendingList

t.test('the form’s choices are the document’s, and its credential keys the adapters’', async (t) => {
  t.same(PROVIDERS.map((p) => p.id).sort(), [...view.properties.provider.enum].sort())
  t.same(NUMBER_TYPES.map((n) => n.id).sort(), [...view.properties.number_type.enum].sort())
  for (const name of REAL_PROVIDERS) {
    const { required, optional } = adapterFor(name).credentialKeys
    const fields = CREDENTIAL_FIELDS[name]
    t.same(
      fields
        .filter((f) => f.required)
        .map((f) => f.key)
        .sort(),
      [...required].sort(),
      name,
    )
    for (const f of fields.filter((f) => !f.required)) t.ok(optional.includes(f.key), `${name} ${f.key}`)
  }
})

const field = (code: string | undefined) => (code ? FIELD_OF_CODE[code] : undefined)

t.test('number, domains and credentials: the form refuses what the API refuses', async () => {
  const text = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('+18005551234', '+4930123456', '+1', '18005551234', 'trk.ly', 'a-b.example.com', 'x.y'),
  )
  fc.assert(
    fc.property(text, text, fc.constantFrom(...REAL_PROVIDERS), text, (phone, domain, provider, secret) => {
      const values = {
        ...emptyList(),
        phone_number: phone,
        brand_name: 'B',
        shortener_domain: domain,
        provider,
        credentials: Object.fromEntries(CREDENTIAL_FIELDS[provider].map((f) => [f.key, secret])),
      }
      const client = validateList(values, false)
      const server = listInputProblem({
        accountId: 'a',
        phoneNumber: phone.trim(),
        provider,
        brandName: 'B',
        ...(domain.trim() ? { shortenerDomain: domain.trim() } : {}),
        credentialsJson: JSON.stringify(
          Object.fromEntries(
            CREDENTIAL_FIELDS[provider].filter(() => secret.trim() !== '').map((f) => [f.key, secret.trim()]),
          ),
        ),
      })
      // The client reports every problem; the server the first. The first the server finds, the client finds.
      const first = field(server?.code)
      if (first) return first in client
      return Object.keys(client).length === 0
    }),
    { numRuns: 500 },
  )
})
