// Secrets at rest: AES-256-GCM envelopes, and the secret key's configuration.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import t from 'tap'
import { ConfigError } from '../../core/config.js'
import { decryptSecret, encryptSecret, parseSecretKey, SecretDecryptionError } from '../../core/crypto.js'
import { loadConfig } from '../../lib/config.js'

const key = randomBytes(32)

t.test('round trip for any text and any key', async () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (text, k) => {
      const bytes = Buffer.from(k)
      return decryptSecret(encryptSecret(text, bytes), bytes) === text
    }),
    { numRuns: 200 },
  )
})

t.test('envelope format, and a random IV per value', async (t) => {
  const a = encryptSecret('{"api_key":"s3cret"}', key)
  const b = encryptSecret('{"api_key":"s3cret"}', key)
  t.match(a, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/)
  t.not(a, b, 'equal plaintexts give different envelopes')
  t.notOk(a.includes('s3cret'))
  t.equal(Buffer.from(a.split(':')[1]!, 'base64').length, 12)
  t.equal(Buffer.from(a.split(':')[2]!, 'base64').length, 16)
  t.equal(decryptSecret(a, key.toString('hex')), '{"api_key":"s3cret"}', 'the key may be given as hex')
})

t.test('any tampering or a wrong key fails authentication', async (t) => {
  const envelope = encryptSecret('provider token', key)
  t.throws(() => decryptSecret(envelope, randomBytes(32)), SecretDecryptionError)
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      (part, at, flip) => {
        const parts = envelope.split(':')
        const bytes = Buffer.from(parts[part]!, 'base64')
        const index = at % bytes.length
        bytes[index] = bytes[index]! ^ flip
        parts[part] = bytes.toString('base64')
        try {
          decryptSecret(parts.join(':'), key)
          return false
        } catch (err) {
          return err instanceof SecretDecryptionError
        }
      },
    ),
  )
  for (const bad of ['', 'v1:abc', `v2${envelope.slice(2)}`, envelope.replace(/:[^:]+$/, ':')]) {
    t.throws(() => decryptSecret(bad, key), SecretDecryptionError, JSON.stringify(bad).slice(0, 30))
  }
})

t.test('keys: 64 hex or base64 of 32 bytes', async (t) => {
  t.same(parseSecretKey(key.toString('hex')), key)
  t.same(parseSecretKey(key.toString('base64')), key)
  t.same(parseSecretKey(key.toString('base64url')), key)
  t.equal(parseSecretKey('abc'), undefined)
  t.equal(parseSecretKey(randomBytes(16).toString('base64')), undefined)
  t.throws(() => encryptSecret('x', randomBytes(16)))
})

t.test('config: TRACKLY_SECRET_KEY, generated in development, required in production', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trackly-secret-'))
  t.equal(
    loadConfig({ TRACKLY_DATA_DIR: dir, TRACKLY_SECRET_KEY: key.toString('base64') }).secretKey,
    key.toString('hex'),
  )
  t.throws(() => loadConfig({ TRACKLY_DATA_DIR: dir, TRACKLY_SECRET_KEY: 'short' }), ConfigError)
  t.throws(() => loadConfig({ TRACKLY_DATA_DIR: dir, NODE_ENV: 'production' }), ConfigError)
  t.equal(
    loadConfig({ TRACKLY_DATA_DIR: dir, NODE_ENV: 'production', TRACKLY_SECRET_KEY: key.toString('hex') })
      .secretKey,
    key.toString('hex'),
  )

  const generated = loadConfig({ TRACKLY_DATA_DIR: dir }).secretKey
  t.match(generated, /^[0-9a-f]{64}$/)
  const file = join(dir, 'secret.key')
  t.equal(readFileSync(file, 'utf8').trim(), generated)
  t.equal(statSync(file).mode & 0o777, 0o600, 'only the owner may read it')
  t.equal(loadConfig({ TRACKLY_DATA_DIR: dir }).secretKey, generated, 'reused on the next start')
})
