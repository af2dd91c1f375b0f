import fc from 'fast-check'
import t from 'tap'
import { fillLinks, linkPlaceholders, renderMacros, wrapUrls } from '../../core/message-template.js'

t.test('contact macros, defaults and message id', async (t) => {
  const vars = {
    messageId: 'AbC12345',
    brandName: 'Acme',
    firstName: 'Ana',
    customFields: { city: 'Austin', n: 3 },
  }
  t.equal(
    renderMacros('{{brand_name}}: Hi {{first_name}} from {{city}} ({{n}}) #{{messageId}}/{{sendId}}', vars),
    'Acme: Hi Ana from Austin (3) #AbC12345/AbC12345',
  )
  t.equal(renderMacros('Hi {{last_name|friend}}!', vars), 'Hi friend!', 'default when missing')
  t.equal(renderMacros('Hi {{first_name | there }}', { messageId: 'x' }), 'Hi there')
  t.equal(renderMacros('{{custom_fields.city}}', vars), 'Austin')
  t.equal(renderMacros('a{{unknown}}b', vars), 'ab', 'unknown macros become empty')
  t.equal(
    renderMacros('Deal {{link1}} and {{ link2 }}', vars),
    'Deal {{link1}} and {{ link2 }}',
    'links untouched',
  )
})

t.test('link placeholders are listed once, in order', async (t) => {
  t.same(linkPlaceholders('{{link2}} {{link1}} {{link2}} {{first_name}}'), ['link2', 'link1'])
})

t.test('bare URLs become placeholders and come back as short links', async (t) => {
  const { body, urls } = wrapUrls('Shop https://a.example/x?y=1. Or http://b.example/z, now!')
  t.equal(body, 'Shop {{url1}}. Or {{url2}}, now!')
  t.same(urls, { url1: 'https://a.example/x?y=1', url2: 'http://b.example/z' })
  t.equal(
    fillLinks(body, { url1: 'https://trk.ly/AAAAAAA', url2: 'https://trk.ly/BBBBBBB' }),
    'Shop https://trk.ly/AAAAAAA. Or https://trk.ly/BBBBBBB, now!',
  )
})

t.test('rendering never throws and keeps text without macros as is', async () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const out = renderMacros(s, { messageId: 'm' })
      return s.includes('{{') ? typeof out === 'string' : out === s
    }),
  )
})
