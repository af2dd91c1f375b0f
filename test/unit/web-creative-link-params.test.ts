// The creative editor's URL parameters and macro insertion (web/src/creatives/linkParams.ts): a macro goes in at the
// cursor (replacing a selection) with the cursor after it, the next link is one the message does not use yet,
// parameters read from a creative are sent back unchanged, and the editor's row problems are the ones it names.
import fc from 'fast-check'
import t from 'tap'
import { linkKeys } from '../../web/src/creatives/creativeRules.js'
import {
  customFieldNames,
  insertAt,
  nextLinkKey,
  paramProblems,
  paramsOf,
  urlParamsOf,
  withUrlParams,
} from '../../web/src/creatives/linkParams.js'

t.test('insertAt puts the text in place of the selection, the cursor after it', async (t) => {
  fc.assert(
    fc.property(fc.string(), fc.nat(), fc.nat(), fc.string(), (text, a, b, insert) => {
      const [start, end] = a <= b ? [a, b] : [b, a]
      const out = insertAt(text, start, end, insert)
      const from = Math.min(start, text.length)
      const to = Math.min(end, text.length)
      return out.text === text.slice(0, from) + insert + text.slice(to) && out.cursor === from + insert.length
    }),
  )
  t.same(insertAt('Hi , see {{link1}}', 3, 3, '{{first_name}}'), {
    text: 'Hi {{first_name}}, see {{link1}}',
    cursor: 17,
  })
})

t.test('nextLinkKey names a link the message does not use, after the highest', async (t) => {
  t.equal(nextLinkKey('no links'), 'link1')
  t.equal(nextLinkKey('{{link1}} {{link3}}'), 'link4')
  t.equal(nextLinkKey('{{link2|x}}'), 'link3')
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 5 }), (ns) => {
      const message = ns.map((n) => `{{link${n}}}`).join(' ')
      const next = nextLinkKey(message)
      return !linkKeys(message).includes(next) && linkKeys(`${message} {{${next}}}`).includes(next)
    }),
  )
})

const paramsArb = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k.trim() === k && k !== '__proto__'),
  fc.string({ maxLength: 8 }),
  { maxKeys: 4 },
)

t.test('parameters read from a creative are sent back unchanged, without problems', async (t) => {
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(paramsArb, paramsArb, (one, two) => {
        const offerLinks = [
          { key: 'link1', offer_id: 'o1', url: null, url_params: one },
          { key: 'link2', offer_id: 'o2', url: null, url_params: two },
        ]
        // biome-ignore lint/suspicious/noExplicitAny: only the fields paramsOf reads
        const params = paramsOf({ offer_links: offerLinks } as any)
        const body = withUrlParams(
          {
            name: 'x',
            offer_links: [
              { key: 'link1', offer_id: 'o1' },
              { key: 'link2', offer_id: 'o2' },
            ],
          },
          params,
        )
        const message = '{{link1}} {{link2}}'
        return (
          JSON.stringify(body.offer_links.map((l) => l.url_params)) === JSON.stringify([one, two]) &&
          Object.keys(paramProblems(message, params)).length === 0
        )
      }),
    ),
  )
})

t.test('row problems: a value without a key, a key twice; blank rows are no parameter', async (t) => {
  const message = 'Go {{link1}} or {{link2}}'
  t.same(
    paramProblems(message, {
      link1: [{ name: ' ', value: 'spring' }],
      link2: [
        { name: 'sub1', value: 'a' },
        { name: 'sub1 ', value: 'b' },
      ],
      link3: [{ name: '', value: 'not in the message' }],
    }),
    {
      link1: 'a parameter of {{link1}} has a value but no key',
      link2: '{{link2}} sets sub1 twice',
    },
  )
  t.same(
    urlParamsOf([
      { name: '', value: '' },
      { name: ' sub2 ', value: 'x' },
    ]),
    { sub2: 'x' },
  )
})

t.test('custom field names offered as macros', async (t) => {
  t.same(
    customFieldNames([
      { plan: 'gold', first_name: 'x' },
      { 'bad name': 1, 'a.b': 2, plan: 'x' },
    ]),
    ['a.b', 'plan'],
  )
})
