// Words and phrases the inbound reply classifier (core/reply-classifier.ts) looks for, all lower case and already normalised:
// ASCII letters only, apostrophes dropped ("don't" → "dont"), words separated by single spaces.
// Sources: spec §19 (new), reference/wire-formats §7 (Twilio, CTIA), common carrier/ESP keyword lists.

/** Spec §19 exact opt-out keywords, plus Twilio's REVOKE (2025) and bare REMOVE. */
export const OPT_OUT_KEYWORDS = [
  'stop',
  'stopall',
  'end',
  'quit',
  'cancel',
  'unsubscribe',
  'unsub',
  'remove me',
  'remove',
  'opt out',
  'optout',
  'block',
  'wrong',
  'revoke',
] as const

/**
 * Keywords that still mean "stop" when they are a whole clause of a longer message ("Stop. Who is this?").
 * END, QUIT, CANCEL, BLOCK and WRONG are everyday words, so they only count when they are the whole message.
 */
export const CLAUSE_OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'unsub',
  'remove me',
  'remove',
  'opt out',
  'optout',
  'revoke',
])

/** Keywords with no everyday meaning: they revoke consent wherever they appear ("how do I unsubscribe?"). */
export const ANYWHERE_OPT_OUT_KEYWORDS: ReadonlySet<string> = new Set([
  'stopall',
  'unsubscribe',
  'unsub',
  'optout',
  'opt out',
  'revoke',
])

/** Misspellings seen in real replies (keyboard slips, transpositions, doubled letters), by the keyword meant. */
export const OPT_OUT_MISSPELLINGS: Readonly<Record<string, readonly string[]>> = {
  stop: [
    'stpo',
    'storp',
    'stp',
    'sotp',
    'stopp',
    'srop',
    'atop',
    'dtop',
    'stoo',
    'stip',
    'stpp',
    'sstop',
    'stoop',
    'ztop',
    'xtop',
    'wtop',
    'etop',
    'sgop',
    'syop',
    'stkp',
    'stlp',
    'stoip',
    'stopo',
    'stops',
    'tsop',
    'stup',
    'stap',
    'srtop',
    'stiop',
    'stpop',
    'stopt',
    'sto',
  ],
  stopall: ['stopal', 'stpall', 'stoppall'],
  unsubscribe: [
    'unsuscribe',
    'unsubsribe',
    'unsubcribe',
    'unsubscibe',
    'unsubscrbe',
    'unsubscrib',
    'unsubscrive',
    'unsubscripe',
    'unsubsrcibe',
    'unsubscirbe',
    'unsusbcribe',
    'unsbscribe',
    'unscribe',
    'unsubscribr',
    'unsubscrie',
    'usubscribe',
    'unsubcsribe',
    'unsubscribed',
    'unsubscribes',
    'unsubscription',
    'unsbuscribe',
    'unusbscribe',
    'unscubscribe',
    'unsubcribed',
    'unsubscriber',
  ],
  unsub: ['unsubb', 'unsusb', 'usub', 'unsbu', 'unsuv', 'unsubs'],
  optout: ['optoit', 'optuot', 'opout', 'otpout', 'optput', 'optot'],
  cancel: ['cancle', 'cancell', 'canel', 'cansel', 'cacel', 'cancal', 'cancek', 'cnacel'],
  quit: ['qiut', 'quti', 'qit', 'quitt'],
  remove: ['remvoe', 'romove', 'remov', 'remobe'],
}

/** Twilio's opt-in keywords plus the usual double-opt-in confirmations. Whole message only. */
export const OPT_IN_KEYWORDS = [
  'start',
  'unstop',
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'subscribe',
  'resubscribe',
  'optin',
]

export const HELP_KEYWORDS = ['help', 'info', 'information', 'hlep', 'hepl']

/** A whole message made of these is a complaint; see also COMPLAINT_PATTERN in core/reply-classifier.ts. */
export const SPAM_KEYWORDS = ['spam', 'scam', 'junk', 'spammer', 'scammer', 'spamming', 'scamming', 'fraud']

/**
 * Words that do not change the meaning of a keyword reply ("stop please", "STOP NOW", "unsubscribe me").
 * Keep this list free of negations and of anything that turns a keyword into another sense ("by", "laughing").
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'please',
  'pls',
  'plz',
  'plez',
  'plse',
  'pleas',
  'now',
  'right',
  'asap',
  'immediately',
  'already',
  'just',
  'me',
  'it',
  'all',
  'thanks',
  'thank',
  'you',
  'thx',
  'ty',
  'ok',
  'okay',
  'sorry',
  'sir',
  'maam',
  'bro',
  'dude',
  'man',
  'lol',
  'omg',
  'again',
  'more',
  'no',
  'nope',
  'but',
  'hey',
  'hi',
  'hello',
])

/** Emoji that alone say "stop". */
export const STOP_EMOJI: ReadonlySet<string> = new Set(['🛑'])
