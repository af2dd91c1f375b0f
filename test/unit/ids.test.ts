import fc from 'fast-check'
import t from 'tap'
import {
  API_KEY_PATTERN,
  apiKeyDisplayPrefix,
  CLICK_ID_PATTERN,
  clickIdIsAuthentic,
  clickIdKey,
  conversionEventId,
  hashApiKey,
  MESSAGE_ID_PATTERN,
  messageIdOfClickId,
  newApiKey,
  newClickId,
  newMessageId,
  newObjectId,
  newShortCode,
  OBJECT_ID_PATTERN,
  randomAlphanumeric,
  SHORT_CODE_PATTERN,
} from '../../core/ids.js'

t.test('API keys are trk_ + 32 alphanumerics, unique, hashed to 64 hex', async (t) => {
  const keys = new Set(Array.from({ length: 2000 }, newApiKey))
  t.equal(keys.size, 2000)
  for (const key of [...keys].slice(0, 50)) {
    t.match(key, API_KEY_PATTERN)
    t.match(hashApiKey(key), /^[a-f0-9]{64}$/)
  }
  const key = newApiKey()
  t.equal(hashApiKey(key), hashApiKey(key), 'hash is deterministic')
  t.not(
    hashApiKey(key),
    hashApiKey(`${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`),
    'one character changes the hash',
  )
  t.equal(apiKeyDisplayPrefix(key), key.slice(0, 8))
})

t.test('random alphanumerics have the asked length and alphabet', async () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 200 }), (n) => {
      const s = randomAlphanumeric(n)
      return s.length === n && /^[A-Za-z0-9]*$/.test(s)
    }),
  )
})

t.test('all 62 characters occur, roughly uniformly', async (t) => {
  const counts = new Map<string, number>()
  for (const ch of randomAlphanumeric(62_000)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  t.equal(counts.size, 62)
  for (const n of counts.values()) t.ok(n > 800 && n < 1200, `count ${n} near 1000`)
})

t.test('message ids, short codes and object ids have the spec formats', async (t) => {
  t.match(newMessageId(), MESSAGE_ID_PATTERN)
  t.match(newShortCode(), SHORT_CODE_PATTERN)
  t.match(newObjectId(), OBJECT_ID_PATTERN)
  const earlier = newObjectId(Date.parse('2026-01-01T00:00:00Z'))
  const later = newObjectId(Date.parse('2026-06-01T00:00:00Z'))
  t.ok(earlier < later, 'object ids sort by creation time')
})

const clickKey = clickIdKey('1f'.repeat(32))

t.test('a click id carries its message id', async (t) => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9]{8}$/), (messageId) => {
      const clickId = newClickId(clickKey, messageId)
      return (
        CLICK_ID_PATTERN.test(clickId) && clickId.length === 32 && messageIdOfClickId(clickId) === messageId
      )
    }),
  )
  fc.assert(
    fc.property(fc.string(), (s) => {
      const m = messageIdOfClickId(s)
      return m === undefined ? !CLICK_ID_PATTERN.test(s) : m === s.slice(0, 8)
    }),
  )
  t.equal(messageIdOfClickId('short'), undefined)
  t.equal(messageIdOfClickId('AbC12345!!!!!!!!!!!!'), undefined)
})

t.test('a click id is authentic only as issued, under the key that issued it', async (t) => {
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9]{8}$/), (messageRef) =>
      clickIdIsAuthentic(clickKey, newClickId(clickKey, messageRef)),
    ),
  )
  const otherKey = clickIdKey('2e'.repeat(32))
  const issued = newClickId(clickKey, 'AbC12345')
  t.notOk(clickIdIsAuthentic(otherKey, issued), 'another platform key')
  // Any one character changed, anywhere (message reference, random part or MAC), is refused.
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 31 }),
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
      (at, ch) => {
        const changed = `${issued.slice(0, at)}${ch}${issued.slice(at + 1)}`
        return changed === issued || !clickIdIsAuthentic(clickKey, changed)
      },
    ),
  )
  // Invented ids of the live shape, the old unsigned 20-character shape and junk.
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Za-z0-9]{32}$/),
      (invented) => !clickIdIsAuthentic(clickKey, invented),
    ),
  )
  t.notOk(clickIdIsAuthentic(clickKey, issued.slice(0, 20)), 'an unsigned 20-character id')
  t.notOk(clickIdIsAuthentic(clickKey, `${issued}x`), 'too long')
  t.notOk(clickIdIsAuthentic(clickKey, `${issued.slice(0, 31)}!`), 'not alphanumeric')
})

t.test('conversion event ids are stable per network and transaction', async (t) => {
  t.equal(conversionEventId('everflow', 'tx-1'), conversionEventId('everflow', 'tx-1'))
  t.not(conversionEventId('everflow', 'tx-1'), conversionEventId('tune', 'tx-1'))
  t.not(conversionEventId('everflow', 'tx-1'), conversionEventId('everflow', 'tx-2'))
  // The separator keeps ("ab","c") and ("a","bc") apart.
  t.not(conversionEventId('ab', 'c'), conversionEventId('a', 'bc'))
  t.not(
    conversionEventId('tune', 'tx-1', 'refund'),
    conversionEventId('tune', 'tx-1', 'sale'),
    'a refund never collapses into its sale',
  )
  t.equal(
    conversionEventId('tune', 'tx-1', 'lead'),
    conversionEventId('tune', 'tx-1'),
    'other types keep the transaction id',
  )
})
