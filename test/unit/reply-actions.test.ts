// What a classified reply makes Trackly do, and the texts it answers with (spec §15, §19; CTIA disclosures).
import fc from 'fast-check'
import t from 'tap'
import { autoReplyText, replyAction, unsubscribeReason } from '../../core/reply-actions.js'
import { classifyReply } from '../../core/reply-classifier.js'

const label = { spamComplaintAction: 'label' as const }

t.test('the action follows the kind and the contact’s subscription', async (t) => {
  const cases: [string, boolean | null, string][] = [
    ['STOP', true, 'unsubscribe'],
    ['stop texting me', true, 'unsubscribe'],
    ['st0p', true, 'unsubscribe'],
    // Already unsubscribed: nothing changes and no second confirmation goes out.
    ['STOP', false, 'forward'],
    // Not on the list at all: stored and forwarded, nothing to unsubscribe.
    ['STOP', null, 'forward'],
    ['START', false, 'resubscribe'],
    ['UNSTOP', false, 'resubscribe'],
    // YES from a subscribed contact is an answer, not a re-subscription.
    ['Yes', true, 'forward'],
    ['HELP', true, 'help'],
    ['info', false, 'help'],
    ['stop by the store later?', true, 'forward'],
    ['Liked “Reply STOP to opt out”', true, 'forward'],
    ['this is spam', true, 'forward'],
  ]
  for (const [text, subscribed, action] of cases) {
    t.equal(replyAction(classifyReply(text), { subscribed, ...label }), action, `${text} (${subscribed})`)
  }
  t.equal(
    replyAction(classifyReply('this is spam'), { subscribed: true, spamComplaintAction: 'stop' }),
    'unsubscribe',
    'an account may make spam complaints act as STOP',
  )
})

t.test('an unsubscribed or absent contact is never unsubscribed again, whatever the text', async () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.constantFrom(false, null),
      fc.constantFrom('stop', 'label'),
      (text, subscribed, spam) => {
        const action = replyAction(classifyReply(text), {
          subscribed,
          spamComplaintAction: spam as 'stop' | 'label',
        })
        return action !== 'unsubscribe'
      },
    ),
  )
})

t.test(
  'confirmations carry the brand, STOP/HELP instructions and rates; HELP uses the list’s text',
  async (t) => {
    const list = { brandName: 'Acme', helpText: null }
    t.match(autoReplyText('unsubscribe', list), /^Acme: .*START/)
    t.match(autoReplyText('resubscribe', list), /^Acme: .*rates may apply.*STOP/)
    t.match(autoReplyText('help', list), /^Acme: .*STOP/)
    t.equal(
      autoReplyText('help', { brandName: 'Acme', helpText: 'Acme help: 555-0100' }),
      'Acme help: 555-0100',
    )
    t.match(autoReplyText('help', { brandName: ' ', helpText: '  ' }), /^Messages: /)
    t.equal(unsubscribeReason(classifyReply('STOP')), 'message')
    t.equal(unsubscribeReason(classifyReply('this is spam')), 'complaint')
  },
)
