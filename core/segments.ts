// Exact SMS segment estimation (reference/wire-formats §6), packing whole graphemes into parts the way Twilio's
// message-segment-calculator does, and the creative length estimate of spec §7. Pure, no I/O.
import { GSM7_BASIC, GSM7_EXTENSION } from './data/gsm7.js'

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export interface SegmentEstimate {
  encoding: SmsEncoding
  /** JS string length (UTF-16 code units), whatever the encoding. */
  characters: number
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  units: number
  segments: number
  /** Capacity of each part: 160/70 for a single part, 153/67 when the message is split (6-octet UDH). */
  perSegment: number
  /** Units packed into each part, in order; every entry is ≤ perSegment. */
  partUnits: number[]
}

/** Part capacities in units: a part is 140 octets, less a 6-octet UDH when the message is concatenated. */
export const SEGMENT_CAPACITY: Record<SmsEncoding, { single: number; multipart: number }> = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
}

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' })

/** True when every character is in the GSM-7 basic or extension table (so the message can be sent as GSM-7). */
export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (!GSM7_BASIC.has(char) && !GSM7_EXTENSION.has(char)) return false
  }
  return true
}

function gsm7Septets(text: string): number {
  let septets = 0
  for (const char of text) septets += GSM7_EXTENSION.has(char) ? 2 : 1
  return septets
}

function unitsOf(text: string, encoding: SmsEncoding): number {
  return encoding === 'GSM-7' ? gsm7Septets(text) : text.length
}

/**
 * Units of each indivisible piece of the text: its graphemes, except that a grapheme bigger than a whole part
 * (e.g. a letter under hundreds of combining marks) is broken into code points, so a surrogate pair is never split
 * and no part ever exceeds its capacity.
 */
function pieceUnits(graphemes: string[], encoding: SmsEncoding, capacity: number): number[] {
  const pieces: number[] = []
  for (const grapheme of graphemes) {
    const units = unitsOf(grapheme, encoding)
    if (units <= capacity) pieces.push(units)
    else for (const codePoint of grapheme) pieces.push(unitsOf(codePoint, encoding))
  }
  return pieces
}

/** Greedy packing: a piece that does not fit in what is left of the current part moves whole to the next one. */
function pack(pieces: number[], capacity: number): number[] {
  const parts: number[] = []
  let current = 0
  for (const units of pieces) {
    if (current + units > capacity) {
      parts.push(current)
      current = 0
    }
    current += units
  }
  parts.push(current)
  return parts
}

/**
 * How many SMS parts `text` is sent as. The whole message is UCS-2 as soon as one character is outside the GSM-7
 * tables. An empty body is reported as 1 segment of 0 units: that is what Twilio's calculator reports and what a
 * provider would bill if it accepted one.
 */
export function estimateSegments(text: string): SegmentEstimate {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2'
  const capacity = SEGMENT_CAPACITY[encoding]
  const units = unitsOf(text, encoding)
  if (units <= capacity.single) {
    return {
      encoding,
      characters: text.length,
      units,
      segments: 1,
      perSegment: capacity.single,
      partUnits: [units],
    }
  }
  // Concatenated: every part carries a UDH, so the packing is redone with the smaller capacity.
  const graphemes = Array.from(graphemeSegmenter.segment(text), (piece) => piece.segment)
  const partUnits = pack(pieceUnits(graphemes, encoding, capacity.multipart), capacity.multipart)
  return {
    encoding,
    characters: text.length,
    units,
    segments: partUnits.length,
    perSegment: capacity.multipart,
    partUnits,
  }
}

/** Account templates (spec §7 templates); `{{brand_name}}` is filled from the account at send time. */
export const DEFAULT_COMPLIANCE_PREFIX = '{{brand_name}}: '
export const DEFAULT_COMPLIANCE_SUFFIX = ' Reply stop to stop. Help for help.'
/** Spec §7: every link is budgeted at 23 characters (the length of a tracked short link). */
export const DEFAULT_LINK_LENGTH = 23

const LINK_PLACEHOLDER = /\{\{link\d+\}\}/g
const BRAND_NAME_PLACEHOLDER = /\{\{brand_name\}\}/g

export interface CreativeLengthOptions {
  /**
   * Links inserted into the body. Defaults to the number of `{{linkN}}` placeholders in the message. Placeholders
   * are replaced in order by link stand-ins; placeholders beyond `linkCount` count as empty, and links beyond the
   * placeholders are counted as appended to the body.
   */
  linkCount?: number
  linkLength?: number
  /** Compliance prefix; pass '' when it is not applied (it is auto-applied only on US lists). */
  prefix?: string
  /** Compliance suffix; pass '' when it is not applied. */
  suffix?: string
  /** Fills `{{brand_name}}` in the prefix/suffix; without it the brand name counts as empty (a lower bound). */
  brandName?: string
}

export interface CreativeLength {
  character_count: number
  segment_count: number
  encoding: SmsEncoding
}

/**
 * Spec §7 `character_count` / `segment_count` of a creative: the body with every link counted as 23 characters,
 * wrapped in the compliance prefix and suffix, segmented by the exact rules of {@link estimateSegments} (rather than
 * the spec's rule of thumb of ceil(total/153), which ignores UCS-2 and extension characters). The spec's "+34 for
 * compliance text" is the default suffix without its leading space; the default templates actually sent add
 * 2 + 35 characters plus the brand name, which is what is counted here.
 */
export function creativeLength(message: string, opts: CreativeLengthOptions = {}): CreativeLength {
  const linkLength = opts.linkLength ?? DEFAULT_LINK_LENGTH
  // A GSM-7 stand-in: tracked links are plain ASCII URLs.
  const linkStandIn = 'x'.repeat(linkLength)
  const placeholderCount = message.match(LINK_PLACEHOLDER)?.length ?? 0
  const linkCount = opts.linkCount ?? placeholderCount
  let linksPlaced = 0
  let body = message.replace(LINK_PLACEHOLDER, () => (linksPlaced++ < linkCount ? linkStandIn : ''))
  body += linkStandIn.repeat(Math.max(0, linkCount - placeholderCount))

  const brandName = opts.brandName ?? ''
  const prefix = (opts.prefix ?? DEFAULT_COMPLIANCE_PREFIX).replace(BRAND_NAME_PLACEHOLDER, () => brandName)
  const suffix = (opts.suffix ?? DEFAULT_COMPLIANCE_SUFFIX).replace(BRAND_NAME_PLACEHOLDER, () => brandName)
  const estimate = estimateSegments(prefix + body + suffix)
  return {
    character_count: estimate.characters,
    segment_count: estimate.segments,
    encoding: estimate.encoding,
  }
}
