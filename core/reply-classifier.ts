// Inbound reply classifier: opt-out (spec §19 new), opt-in, help and spam complaints, in one pass. Pure.
//
// The rule for multi-word replies: a message that is only a keyword (plus punctuation, emoji and filler such as
// "please" or "now") is that keyword. Inside a longer message, a keyword counts only as part of an explicit
// revocation ("stop texting me", "remove me from your list"), as a clause of its own ("Stop. Who is this?") for
// STOP-like words, or anywhere for words with no everyday sense (UNSUBSCRIBE, OPT OUT, STOPALL, REVOKE). So
// "stop by the store", "don't stop" and "when does the sale end?" are not opt-outs. Tapback reactions quoting one
// of our messages ("Liked “Reply STOP to opt out”") are never anything but 'other'.
import {
  ANYWHERE_OPT_OUT_KEYWORDS,
  CLAUSE_OPT_OUT_KEYWORDS,
  FILLER_WORDS,
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  OPT_OUT_MISSPELLINGS,
  SPAM_KEYWORDS,
  STOP_EMOJI,
} from './data/reply-keywords.js'

export const REPLY_KINDS = ['opt_out', 'opt_in', 'help', 'spam_complaint', 'other'] as const
export type ReplyKind = (typeof REPLY_KINDS)[number]

export type ReplyReason =
  /** The message is the keyword (± punctuation, emoji, filler). */
  | 'keyword'
  | 'misspelling'
  /** Matched only after undoing look-alikes, leetspeak or spacing ("st0p", "S.T.O.P", "sto p"). */
  | 'obfuscated'
  /** An explicit revocation inside a longer message ("please remove me from your list"). */
  | 'revocation_phrase'
  /** The sender says they never consented ("I never signed up for this"). */
  | 'no_consent'
  | 'hostile'
  /** A leading STOP followed by a spam complaint ("STOP this is spam"). */
  | 'keyword_with_complaint'
  | 'complaint'
  /** A tapback/emoji reaction to one of our messages; ignored even if the quote contains STOP. */
  | 'tapback'
  /** kind 'other' but a STOP-like word appears in a sentence: worth a human look (FCC "any reasonable means"). */
  | 'keyword_in_sentence'

export interface ReplyClassification {
  kind: ReplyKind
  /** The normalised keyword or phrase that matched. */
  keyword?: string
  reason?: ReplyReason
}

type KeywordKind = Exclude<ReplyKind, 'other'>

interface KeywordEntry {
  kind: KeywordKind
  /** Canonical keyword, e.g. 'stop' for 'stpo'. */
  keyword: string
  misspelling: boolean
}

/** Precedence when one message holds keywords of several kinds: opting out always wins. */
const KIND_PRIORITY: Record<KeywordKind, number> = { opt_out: 4, spam_complaint: 3, help: 2, opt_in: 1 }

/** Collapses doubled letters, so STOPPPP, STOOP and UNSUBB meet their keyword. Applied to both sides. */
const squeeze = (word: string): string => word.replace(/(.)\1+/g, '$1')

const KEYWORDS = new Map<string, KeywordEntry>()

function addKeyword(form: string, kind: KeywordKind, keyword: string, misspelling: boolean): void {
  const key = squeeze(form.replaceAll(' ', ''))
  // An exact keyword is never shadowed by a misspelling that happens to squeeze to the same letters.
  if (KEYWORDS.get(key)?.misspelling === false) return
  KEYWORDS.set(key, { kind, keyword, misspelling })
}

for (const keyword of OPT_OUT_KEYWORDS) addKeyword(keyword, 'opt_out', keyword, false)
for (const keyword of SPAM_KEYWORDS) addKeyword(keyword, 'spam_complaint', keyword, false)
for (const keyword of HELP_KEYWORDS) addKeyword(keyword, 'help', keyword, false)
for (const keyword of OPT_IN_KEYWORDS) addKeyword(keyword, 'opt_in', keyword, false)
for (const [keyword, misspellings] of Object.entries(OPT_OUT_MISSPELLINGS)) {
  for (const misspelling of misspellings) addKeyword(misspelling, 'opt_out', keyword, true)
}

const lookup = (joined: string): KeywordEntry | undefined => KEYWORDS.get(squeeze(joined))

/** Lower-case look-alikes from Cyrillic and Greek used to slip past filters ("ѕтор"). */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ӏ: 'l',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  $: 's',
  '@': 'a',
}

/** Case, compatibility forms (ＳＴＯＰ, 𝐒𝐓𝐎𝐏), invisible characters, accents and apostrophes. */
function normalisePlain(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cf}/gu, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`´ʼ]/g, '')
}

/** On top of the plain form: look-alike letters, and leetspeak inside words that also hold letters ("st0p"). */
function deobfuscate(plain: string): string {
  const latin = Array.from(plain, (char) => CONFUSABLES[char] ?? char).join('')
  return latin.replace(/[a-z0-9$@]+/g, (word) =>
    /[a-z]/.test(word) && /[0-9$@]/.test(word)
      ? Array.from(word, (char) => LEET[char] ?? char).join('')
      : word,
  )
}

/** Words of letters (and digits, so "st0p" stays one word); bare numbers ("STOP 2") are dropped. */
const wordsOf = (text: string): string[] =>
  text.split(/[^a-z0-9]+/).filter((word) => word.length > 0 && !/^[0-9]+$/.test(word))

/** Sentence-level pieces; phrases are matched within one clause so "…sale end? Texts…" is not "end texts". */
const clausesOf = (text: string): string[] => text.split(/[.!?;\n\r]+/)

interface BareMatch {
  entry: KeywordEntry
  /** Only matched by gluing pieces of a spaced-out word together ("s t o p", "sto p"). */
  glued: boolean
}

/** The keyword a whole message (or clause) consists of, ignoring filler words; see the rule at the top. */
function bareMatch(words: string[]): BareMatch | undefined {
  if (words.length === 0) return undefined
  const glued = (pieces: string[]) => pieces.length > 1 && pieces.some((piece) => piece.length === 1)
  const whole = lookup(words.join(''))
  if (whole) return { entry: whole, glued: glued(words) }
  const content = words.filter((word) => !FILLER_WORDS.has(word))
  if (content.length === 0) return undefined
  const withoutFiller = lookup(content.join(''))
  if (withoutFiller) return { entry: withoutFiller, glued: glued(content) }
  // Several keywords ("STOP STOP", "stop help", "yes stop"): the strongest kind wins.
  let strongest: KeywordEntry | undefined
  for (const word of content) {
    const entry = lookup(word)
    if (!entry) return undefined
    if (!strongest || KIND_PRIORITY[entry.kind] > KIND_PRIORITY[strongest.kind]) strongest = entry
  }
  return strongest && { entry: strongest, glued: false }
}

function fromBareMatch(match: BareMatch, obfuscated: boolean): ReplyClassification {
  const { entry } = match
  const reason: ReplyReason = entry.misspelling
    ? 'misspelling'
    : obfuscated || match.glued
      ? 'obfuscated'
      : 'keyword'
  return {
    kind: entry.kind,
    keyword: entry.keyword,
    reason: entry.kind === 'spam_complaint' ? 'complaint' : reason,
  }
}

const OPEN_QUOTE = '["“”„«\'‘’]'
const CLOSE_QUOTE = '(?:["“”»\'‘’]|…|\\.\\.\\.)'
const EMOJI_RUN = '[\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\u200d\\ufe0f]+'
// iOS tapbacks as sent over SMS ("Liked “…”", iOS 18 "Reacted 👍 to “…”", "Removed a heart from “…”") and the
// Android forms ("👍 to “…”", "Reacted with a Crossed Finger to ‘…’").
const REACTION_PREFIX =
  '(?:liked|loved|disliked|laughed at|emphasi[sz]ed|questioned|reacted(?: with)? .{1,40}? to|reacted to|' +
  `${EMOJI_RUN} to|removed an? .{1,40}? from)`
const TAPBACK_QUOTED = new RegExp(`^${REACTION_PREFIX}\\s+${OPEN_QUOTE}[\\s\\S]*${CLOSE_QUOTE}$`, 'iu')
const TAPBACK_MEDIA = new RegExp(
  `^${REACTION_PREFIX}\\s+an? (?:image|photo|picture|video|movie|gif|attachment|audio message|message|sticker|link|contact|location)$`,
  'iu',
)

export function isTapback(text: string): boolean {
  // iOS can put invisible direction marks in front of the verb.
  const trimmed = text.replace(/\p{Cf}/gu, '').trim()
  return TAPBACK_QUOTED.test(trimmed) || TAPBACK_MEDIA.test(trimmed)
}

/** "don't stop", "can't stop it", "non stop texts" are not revocations. */
const NOT_NEGATED =
  '(?<!\\b(?:dont|do not|doesnt|cant|cannot|wont|never|not|non|didnt|couldnt|wouldnt|shouldnt) )'
const MESSAGES =
  '(?:texts?|txts?|msgs?|messages?|sms|spam|marketing|promos?|promotions?|ads|notifications?|alerts?)'

interface RevocationPattern {
  pattern: RegExp
  reason: ReplyReason
}

// Matched against one clause as normalised words joined by single spaces.
const REVOCATION_PATTERNS: RevocationPattern[] = [
  {
    pattern: new RegExp(
      `${NOT_NEGATED}\\b(?:stop|quit|cease|end)(?: (?:all|the|these|this|those|your|ur|ya|with the))*` +
        ` (?:texting|txting|texing|messaging|msging|sending|contacting|calling|spamming|bothering|harassing|emailing|getting|receiving|${MESSAGES})\\b`,
    ),
    reason: 'revocation_phrase',
  },
  {
    pattern: new RegExp(
      `${NOT_NEGATED}\\b(?:(?:please|pls|plz|just|but|so|can you|could you|can u|would you|will you) )+stop` +
        '(?: (?:now|please|pls|plz|already|immediately|asap|it|this|that|them))*$',
    ),
    reason: 'revocation_phrase',
  },
  {
    pattern: new RegExp(
      `${NOT_NEGATED}\\bstop (?:it|this|that|them|these|those)(?: (?:now|please|pls|plz|already|immediately|asap))*$`,
    ),
    reason: 'revocation_phrase',
  },
  {
    pattern: /\b(?:do not|dont|never) (?:ever )?(?:text|txt|texting|message|msg|contact|sms|spam)\b/,
    reason: 'revocation_phrase',
  },
  {
    pattern: /\b(?:do not|dont|never) (?:ever )?(?:send|call|email|bother) me\b/,
    reason: 'revocation_phrase',
  },
  {
    pattern: /\bno more (?:texts?|txts?|texting|msgs?|messages?|sms|spam|promos?|ads|marketing)\b/,
    reason: 'revocation_phrase',
  },
  { pattern: /\btake (?:me|my number|this number|us) (?:off|out)\b/, reason: 'revocation_phrase' },
  {
    pattern: /\bremove (?:me|my number|this number|my phone|my name|my info|us|my contact)\b/,
    reason: 'revocation_phrase',
  },
  {
    pattern:
      /\b(?:delete|lose|erase|forget) (?:my|this) (?:number|phone|phone number|info|information|contact)\b/,
    reason: 'revocation_phrase',
  },
  { pattern: /\bleave me alone\b/, reason: 'revocation_phrase' },
  { pattern: /\bwrong (?:number|num|person|phone|guy|girl|recipient)\b/, reason: 'revocation_phrase' },
  { pattern: /\bnot (?:the right|my) (?:number|phone)\b/, reason: 'revocation_phrase' },
  { pattern: /\bopt (?:me |us |my number |this number )?out\b/, reason: 'revocation_phrase' },
  {
    pattern: /\bi (?:want|wanna|would like|wish|need) (?:to )?(?:be removed|be taken off|out$|stop$)/,
    reason: 'revocation_phrase',
  },
  {
    pattern: new RegExp(
      `${NOT_NEGATED}\\b(?:block|blocking|blocked) (?:you|u|this number|your number|ur number|this sender|these ${MESSAGES})\\b`,
    ),
    reason: 'revocation_phrase',
  },
  {
    pattern: new RegExp(
      `${NOT_NEGATED}\\bcancel (?:my |the |this |these |your |all )?(?:subscriptions?|${MESSAGES})\\b`,
    ),
    reason: 'revocation_phrase',
  },
  {
    pattern:
      /\b(?:never|didnt|did not|dont remember|do not remember) (?:ever )?(?:signed|sign|signing|opted|opt|subscribed|subscribe|agreed|consent|consented|gave (?:you )?(?:my number|permission))\b/,
    reason: 'no_consent',
  },
  { pattern: /\b(?:fuck|f|screw|piss) (?:off|you|u)\b|\bgo away\b|\bget lost\b|\bstfu\b/, reason: 'hostile' },
]

const COMPLAINT_PATTERNS: RegExp[] = [
  /\breport(?:ed|ing)? (?:you|u|this|it|this number|your number|as spam|to (?:the )?(?:ftc|fcc|attorney general|bbb))\b/,
  /\b(?:spam|spams|spammer|spammers|spamming|spammy|scam|scams|scammer|scammers|scamming|scammy|junk|fraud|fraudulent|phishing)\b(?! (?:mail )?(?:folder|filter|box|food))/,
]

function revocationIn(clauses: string[][]): ReplyClassification | undefined {
  for (const words of clauses) {
    const text = words.join(' ')
    for (const { pattern, reason } of REVOCATION_PATTERNS) {
      const match = pattern.exec(text)
      if (match) return { kind: 'opt_out', keyword: match[0], reason }
    }
    for (const word of words) {
      const entry = lookup(word)
      if (entry?.kind === 'opt_out' && ANYWHERE_OPT_OUT_KEYWORDS.has(entry.keyword)) {
        return { kind: 'opt_out', keyword: entry.keyword, reason: 'revocation_phrase' }
      }
    }
  }
  return undefined
}

function complaintIn(clauses: string[][]): string | undefined {
  for (const words of clauses) {
    const text = words.join(' ')
    for (const pattern of COMPLAINT_PATTERNS) {
      const match = pattern.exec(text)
      if (match) return match[0]
    }
  }
  return undefined
}

const isStopLike = (word: string | undefined): boolean => {
  const entry = word === undefined ? undefined : lookup(word)
  return entry?.kind === 'opt_out' && CLAUSE_OPT_OUT_KEYWORDS.has(entry.keyword)
}

function isOnlyStopEmoji(text: string): boolean {
  const symbols = text.replace(/\s|\p{P}|\p{Cf}|\ufe0f/gu, '')
  return symbols.length > 0 && Array.from(symbols).every((symbol) => STOP_EMOJI.has(symbol))
}

/**
 * Classifies an inbound SMS reply. Never throws. Opt-out outranks everything else; spam complaints are reported as
 * their own kind so the account setting (act as STOP, or label only) is applied by the caller.
 */
export function classifyReply(text: string): ReplyClassification {
  if (typeof text !== 'string' || text.trim() === '') return { kind: 'other' }
  if (isTapback(text)) return { kind: 'other', reason: 'tapback' }
  if (isOnlyStopEmoji(text)) return { kind: 'opt_out', keyword: '🛑', reason: 'keyword' }

  const plain = normalisePlain(text)
  const clean = deobfuscate(plain)

  // 1. The whole message is a keyword.
  const plainMatch = bareMatch(wordsOf(plain))
  if (plainMatch) return fromBareMatch(plainMatch, false)
  const cleanMatch = bareMatch(wordsOf(clean))
  if (cleanMatch) return fromBareMatch(cleanMatch, true)

  // 2. A clause is a STOP-like keyword: "Stop. Who is this?"
  const clauses = clausesOf(clean).map(wordsOf)
  if (clauses.length > 1) {
    for (const words of clauses) {
      const match = bareMatch(words)
      if (match?.entry.kind === 'opt_out' && CLAUSE_OPT_OUT_KEYWORDS.has(match.entry.keyword)) {
        return fromBareMatch(match, clean !== plain)
      }
    }
  }

  // 3. An explicit revocation inside a longer message.
  const revocation = revocationIn(clauses)
  if (revocation) return revocation

  // 4. Spam complaints; a leading STOP turns one into an opt-out ("STOP this is spam").
  const words = wordsOf(clean)
  const complaint = complaintIn(clauses)
  if (complaint) {
    if (isStopLike(words[0])) {
      return {
        kind: 'opt_out',
        keyword: lookup(words[0] ?? '')?.keyword ?? 'stop',
        reason: 'keyword_with_complaint',
      }
    }
    return { kind: 'spam_complaint', keyword: complaint, reason: 'complaint' }
  }

  // 5. Not actionable, but flag an exact STOP-like word for review.
  for (const word of words) {
    const entry = lookup(word)
    if (entry && !entry.misspelling && isStopLike(word)) {
      return { kind: 'other', keyword: entry.keyword, reason: 'keyword_in_sentence' }
    }
  }
  return { kind: 'other' }
}
