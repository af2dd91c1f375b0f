import fc from 'fast-check'
import t, { type Test } from 'tap'
import {
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  OPT_OUT_MISSPELLINGS,
} from '../../core/data/reply-keywords.js'
import { classifyReply, isTapback, type ReplyKind, type ReplyReason } from '../../core/reply-classifier.js'

type Case = [text: string, kind: ReplyKind, keyword?: string, reason?: ReplyReason]

const optOuts: Case[] = [
  // exact keywords (spec §19 new, Twilio 2025)
  ['STOP', 'opt_out', 'stop', 'keyword'],
  ['stop', 'opt_out', 'stop', 'keyword'],
  ['Stop', 'opt_out', 'stop', 'keyword'],
  ['StOp', 'opt_out', 'stop', 'keyword'],
  ['  stop  ', 'opt_out', 'stop', 'keyword'],
  ['STOPALL', 'opt_out', 'stopall', 'keyword'],
  ['Stop all', 'opt_out', 'stopall', 'keyword'],
  ['END', 'opt_out', 'end', 'keyword'],
  ['End.', 'opt_out', 'end', 'keyword'],
  ['QUIT', 'opt_out', 'quit', 'keyword'],
  ['Cancel', 'opt_out', 'cancel', 'keyword'],
  ['UNSUBSCRIBE', 'opt_out', 'unsubscribe', 'keyword'],
  ['Unsub', 'opt_out', 'unsub', 'keyword'],
  ['REMOVE ME', 'opt_out', 'remove me', 'keyword'],
  ['Remove', 'opt_out', 'remove', 'keyword'],
  ['OPT OUT', 'opt_out', 'opt out', 'keyword'],
  ['opt-out', 'opt_out', 'opt out', 'keyword'],
  ['OPTOUT', 'opt_out', 'opt out', 'keyword'],
  ['Block', 'opt_out', 'block', 'keyword'],
  ['WRONG', 'opt_out', 'wrong', 'keyword'],
  ['Revoke', 'opt_out', 'revoke', 'keyword'],
  // keyword ± punctuation, emoji, filler
  ['STOP!!!', 'opt_out', 'stop', 'keyword'],
  ['stop.', 'opt_out', 'stop', 'keyword'],
  ['"Stop"', 'opt_out', 'stop', 'keyword'],
  ['🛑 stop', 'opt_out', 'stop', 'keyword'],
  ['STOP 🛑🛑', 'opt_out', 'stop', 'keyword'],
  ['🛑', 'opt_out', '🛑', 'keyword'],
  ['Stop please', 'opt_out', 'stop', 'keyword'],
  ['please stop', 'opt_out', 'stop', 'keyword'],
  ['STOP NOW', 'opt_out', 'stop', 'keyword'],
  ['Stop it', 'opt_out', 'stop', 'keyword'],
  ['stop stop stop', 'opt_out', 'stop', 'keyword'],
  ['STOPPPPP', 'opt_out', 'stop', 'keyword'],
  ['Stop pls thx', 'opt_out', 'stop', 'keyword'],
  ['Unsubscribe me', 'opt_out', 'unsubscribe', 'keyword'],
  ['ok stop', 'opt_out', 'stop', 'keyword'],
  ['STOP HELP', 'opt_out', 'stop', 'keyword'],
  ['Yes stop', 'opt_out', 'stop', 'keyword'],
  ['Stop, thank you', 'opt_out', 'stop', 'keyword'],
  ['No, stop', 'opt_out', 'stop', 'keyword'],
  ['thanks but stop', 'opt_out', 'stop', 'keyword'],
  ['STOP 2', 'opt_out', 'stop', 'keyword'],
  ['STOP\n\nSent from my iPhone', 'opt_out', 'stop', 'keyword'],
  // misspellings
  ['STPO', 'opt_out', 'stop', 'misspelling'],
  ['Storp', 'opt_out', 'stop', 'misspelling'],
  ['stp', 'opt_out', 'stop', 'misspelling'],
  ['SOTP', 'opt_out', 'stop', 'misspelling'],
  ['Srop', 'opt_out', 'stop', 'misspelling'],
  ['ATOP', 'opt_out', 'stop', 'misspelling'],
  ['Dtop', 'opt_out', 'stop', 'misspelling'],
  ['stoo', 'opt_out', 'stop', 'misspelling'],
  ['Stpo please', 'opt_out', 'stop', 'misspelling'],
  ['UNSUSCRIBE', 'opt_out', 'unsubscribe', 'misspelling'],
  ['unsubsribe', 'opt_out', 'unsubscribe', 'misspelling'],
  ['Unsubcribe', 'opt_out', 'unsubscribe', 'misspelling'],
  ['cancle', 'opt_out', 'cancel', 'misspelling'],
  // obfuscations
  ['st0p', 'opt_out', 'stop', 'obfuscated'],
  ['ST0P', 'opt_out', 'stop', 'obfuscated'],
  ['$top', 'opt_out', 'stop', 'obfuscated'],
  ['5TOP', 'opt_out', 'stop', 'obfuscated'],
  ['s t o p', 'opt_out', 'stop', 'obfuscated'],
  ['sto p', 'opt_out', 'stop', 'obfuscated'],
  ['S.T.O.P', 'opt_out', 'stop', 'obfuscated'],
  ['S.T.O.P.', 'opt_out', 'stop', 'obfuscated'],
  ['s-t-o-p', 'opt_out', 'stop', 'obfuscated'],
  ['ＳＴＯＰ', 'opt_out', 'stop', 'keyword'],
  ['𝐒𝐓𝐎𝐏', 'opt_out', 'stop', 'keyword'],
  ['ѕтор', 'opt_out', 'stop', 'obfuscated'],
  ['st\u200bop', 'opt_out', 'stop', 'keyword'],
  ['un5ub', 'opt_out', 'unsub', 'obfuscated'],
  // a STOP-like clause of its own
  ['Stop. Who is this?', 'opt_out', 'stop', 'keyword'],
  ['STOP!!! I never asked for these', 'opt_out', 'stop', 'keyword'],
  ['Who is this?\nSTOP', 'opt_out', 'stop', 'keyword'],
  // revocation phrases
  ['Stop texting me', 'opt_out', 'stop texting', 'revocation_phrase'],
  ['STOP SENDING ME MESSAGES', 'opt_out', 'stop sending', 'revocation_phrase'],
  ['please stop sending me these texts', 'opt_out', 'stop sending', 'revocation_phrase'],
  ['Stop spamming me', 'opt_out', 'stop', 'keyword'],
  ['quit messaging me', 'opt_out', 'quit messaging', 'revocation_phrase'],
  ['stop all these texts', 'opt_out', 'stop all these texts', 'revocation_phrase'],
  ['Can you please stop', 'opt_out', 'can you please stop', 'revocation_phrase'],
  ['do not text', 'opt_out', 'do not text', 'revocation_phrase'],
  ['Do not text this number again', 'opt_out', 'do not text', 'revocation_phrase'],
  ["Don't text me", 'opt_out', 'dont text', 'revocation_phrase'],
  ['dont txt me anymore', 'opt_out', 'dont txt', 'revocation_phrase'],
  ['Never contact me again', 'opt_out', 'never contact', 'revocation_phrase'],
  ['take me off', 'opt_out', 'take me off', 'revocation_phrase'],
  ['Take me off your list please', 'opt_out', 'take me off', 'revocation_phrase'],
  ['Please remove me from your list', 'opt_out', 'remove me', 'revocation_phrase'],
  ['remove my number', 'opt_out', 'remove my number', 'revocation_phrase'],
  ['Lose my number', 'opt_out', 'lose my number', 'revocation_phrase'],
  ['Leave me alone!', 'opt_out', 'leave me alone', 'revocation_phrase'],
  ['wrong number', 'opt_out', 'wrong number', 'revocation_phrase'],
  ['Sorry, you have the wrong number', 'opt_out', 'wrong number', 'revocation_phrase'],
  ['Sorry wrong #', 'opt_out', 'wrong', 'keyword'],
  ['no more texts', 'opt_out', 'no more texts', 'revocation_phrase'],
  ['No more messages pls', 'opt_out', 'no more messages', 'revocation_phrase'],
  ['How do I unsubscribe?', 'opt_out', 'unsubscribe', 'revocation_phrase'],
  ['I want to unsubscribe from this', 'opt_out', 'unsubscribe', 'revocation_phrase'],
  ['how do i opt out of these', 'opt_out', 'opt out', 'revocation_phrase'],
  ['Opt me out', 'opt_out', 'opt out', 'keyword'],
  ['please opt my number out', 'opt_out', 'opt my number out', 'revocation_phrase'],
  ['I want to stop', 'opt_out', 'i want to stop', 'revocation_phrase'],
  ['how do I stop getting these', 'opt_out', 'stop getting', 'revocation_phrase'],
  ['Cancel my subscription', 'opt_out', 'cancel my subscription', 'revocation_phrase'],
  ["I'm blocking this number", 'opt_out', 'blocking this number', 'revocation_phrase'],
  ['I never signed up for this', 'opt_out', 'never signed', 'no_consent'],
  ["who is this? I didn't sign up for anything", 'opt_out', 'didnt sign', 'no_consent'],
  ['I did not consent to this', 'opt_out', 'did not consent', 'no_consent'],
  ['fuck off', 'opt_out', 'fuck off', 'hostile'],
  ['f*** off', 'opt_out', 'f off', 'hostile'],
  ['Go away', 'opt_out', 'go away', 'hostile'],
  ['STOP this is spam', 'opt_out', 'stop', 'keyword_with_complaint'],
  ['stop scammer', 'opt_out', 'stop', 'keyword'],
]

const notOptOuts: Case[] = [
  ['stop by the store', 'other', 'stop', 'keyword_in_sentence'],
  ['I can’t stop laughing 😂', 'other', 'stop', 'keyword_in_sentence'],
  ["don't stop", 'other', 'stop', 'keyword_in_sentence'],
  ["Don't stop!", 'other', 'stop', 'keyword_in_sentence'],
  ["Can't stop won't stop", 'other', 'stop', 'keyword_in_sentence'],
  ['I can’t stop it', 'other', 'stop', 'keyword_in_sentence'],
  ['when does the sale end?', 'other'],
  ['What time does it end', 'other'],
  ['The end', 'other'],
  ['bus stop', 'other', 'stop', 'keyword_in_sentence'],
  ['non-stop', 'other', 'stop', 'keyword_in_sentence'],
  ['Non-stop texts about deals lol', 'other', 'stop', 'keyword_in_sentence'],
  ['nonstop', 'other'],
  ["I'll stop by later", 'other', 'stop', 'keyword_in_sentence'],
  ['Stopped by yesterday, great deals', 'other'],
  ['Cancel my order', 'other'],
  ["What's wrong?", 'other'],
  ['I quit smoking thanks to you', 'other'],
  ['block party this weekend?', 'other'],
  ['Remove the item from my cart', 'other'],
  ['Top deal!', 'other'],
  ['Thanks!', 'other'],
  ['ok', 'other'],
  ['👍', 'other'],
  ['', 'other'],
  ['   ', 'other'],
  ['Who is this?', 'other'],
  ['Is there a bus stop near the store?', 'other', 'stop', 'keyword_in_sentence'],
  ['Yes I would like that', 'other'],
  ['No', 'other'],
  ['no thanks', 'other'],
  ['not interested', 'other'],
  ['How did you get my number?', 'other'],
  ['Stop who is this', 'other', 'stop', 'keyword_in_sentence'],
  // tapbacks (iOS, iOS 18, Android) quoting our own "Reply STOP" footer
  ['Liked "STOP"', 'other', undefined, 'tapback'],
  ['Loved “Reply STOP to opt out”', 'other', undefined, 'tapback'],
  ['Laughed at "stop texting me"', 'other', undefined, 'tapback'],
  ['Emphasized “STOP”', 'other', undefined, 'tapback'],
  ['Emphasised “STOP”', 'other', undefined, 'tapback'],
  ['Disliked "Unsubscribe"', 'other', undefined, 'tapback'],
  ['Questioned “Reply stop to stop. Help for help.”', 'other', undefined, 'tapback'],
  ['Reacted 👍 to "STOP"', 'other', undefined, 'tapback'],
  ['Reacted 😂 to “Big sale! Reply STOP to…”', 'other', undefined, 'tapback'],
  ['Reacted with a Crossed Finger to ‘stop’', 'other', undefined, 'tapback'],
  ['👍 to “STOP”', 'other', undefined, 'tapback'],
  ['😂 to "Reply STOP to end"', 'other', undefined, 'tapback'],
  ['Removed a like from “STOP”', 'other', undefined, 'tapback'],
  ['Liked an image', 'other', undefined, 'tapback'],
  ['\u200eLiked “STOP”', 'other', undefined, 'tapback'],
  ['Reacted ❤️ to “STOP”', 'other', undefined, 'tapback'],
]

const otherKinds: Case[] = [
  ['START', 'opt_in', 'start', 'keyword'],
  ['Unstop', 'opt_in', 'unstop', 'keyword'],
  ['YES', 'opt_in', 'yes', 'keyword'],
  ['yes!', 'opt_in', 'yes', 'keyword'],
  ['Yes please', 'opt_in', 'yes', 'keyword'],
  ['Y', 'opt_in', 'y', 'keyword'],
  ['start again', 'opt_in', 'start', 'keyword'],
  ['HELP', 'help', 'help', 'keyword'],
  ['Help?', 'help', 'help', 'keyword'],
  ['help me', 'help', 'help', 'keyword'],
  ['INFO', 'help', 'info', 'keyword'],
  ['more info', 'help', 'info', 'keyword'],
  ['spam', 'spam_complaint', 'spam', 'complaint'],
  ['SPAM!!', 'spam_complaint', 'spam', 'complaint'],
  ['Scam', 'spam_complaint', 'scam', 'complaint'],
  ['junk', 'spam_complaint', 'junk', 'complaint'],
  ['this is spam', 'spam_complaint', 'spam', 'complaint'],
  ['This is a scam.', 'spam_complaint', 'scam', 'complaint'],
  ['Is this a scam?', 'spam_complaint', 'scam', 'complaint'],
  ['$pam', 'spam_complaint', 'spam', 'complaint'],
  ['Reported as spam', 'spam_complaint', 'reported as spam', 'complaint'],
  ['I am reporting you to the FTC', 'spam_complaint', 'reporting you', 'complaint'],
  ['your deal went to my spam folder', 'other'],
  ['junk food deals?', 'other'],
]

function check(t: Test, cases: Case[]): void {
  for (const [text, kind, keyword, reason] of cases) {
    const result = classifyReply(text)
    t.equal(result.kind, kind, `${JSON.stringify(text)} → ${kind}`)
    if (keyword !== undefined) t.equal(result.keyword, keyword, `${JSON.stringify(text)}: keyword`)
    if (reason !== undefined) t.equal(result.reason, reason, `${JSON.stringify(text)}: reason`)
  }
}

t.test('opt-out replies', async (t) => check(t, optOuts))
t.test('replies that must not opt out', async (t) => check(t, notOptOuts))
t.test('opt-in, help and spam complaints', async (t) => check(t, otherKinds))

t.test('every listed keyword and misspelling classifies as its own kind', async (t) => {
  for (const keyword of OPT_OUT_KEYWORDS) t.equal(classifyReply(keyword).kind, 'opt_out', keyword)
  for (const [keyword, misspellings] of Object.entries(OPT_OUT_MISSPELLINGS)) {
    for (const misspelling of misspellings) {
      const result = classifyReply(misspelling)
      t.same([result.kind, result.keyword], ['opt_out', keyword], misspelling)
    }
  }
  for (const keyword of OPT_IN_KEYWORDS) t.equal(classifyReply(keyword).kind, 'opt_in', keyword)
  for (const keyword of HELP_KEYWORDS) t.equal(classifyReply(keyword).kind, 'help', keyword)
  const misspellingCount = Object.values(OPT_OUT_MISSPELLINGS).reduce((sum, list) => sum + list.length, 0)
  t.ok(misspellingCount >= 50, `${misspellingCount} misspellings (spec: more than 50)`)
})

t.test('isTapback', async (t) => {
  t.ok(isTapback('  Liked “STOP”  '))
  t.notOk(isTapback('Liked it, but stop'))
  t.notOk(isTapback('STOP'))
})

const SURROUNDING = fc
  .array(
    fc.constantFrom(' ', '\t', '\n', '.', ',', '!', '?', '"', "'", '(', ')', '-', '*', '~', ':', ';', '…'),
    {
      maxLength: 5,
    },
  )
  .map((chars) => chars.join(''))

const randomCase = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) =>
      Array.from(word, (char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase())).join(''),
    )

t.test('classifyReply: properties', async (t) => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: 'grapheme' }),
      ),
      (text) => {
        const result = classifyReply(text)
        return ['opt_out', 'opt_in', 'help', 'spam_complaint', 'other'].includes(result.kind)
      },
    ),
    { numRuns: 3000 },
  )
  t.pass('never throws, always returns a kind')

  fc.assert(
    fc.property(
      fc.constantFrom(...OPT_OUT_KEYWORDS).chain((keyword) => randomCase(keyword)),
      SURROUNDING,
      SURROUNDING,
      (keyword, before, after) => classifyReply(`${before}${keyword}${after}`).kind === 'opt_out',
    ),
    { numRuns: 3000 },
  )
  t.pass('any exact keyword in any case with surrounding whitespace/punctuation is an opt-out')

  fc.assert(
    fc.property(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('Liked', 'Loved', 'Emphasized', 'Reacted 👍 to'),
      (quoted, verb) => {
        return classifyReply(`${verb} “${quoted}”`).kind === 'other'
      },
    ),
  )
  t.pass('a tapback never classifies as anything but other')
})
