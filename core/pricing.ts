// What a send costs the marketer (spec §20): billed per segment over a 360-day cycle — the first 1,000,000
// segments at $0.0045 each, later ones at $0.0030. Reports use it for cost and profit per send.

export const SEGMENT_PRICE_USD = 0.0045
export const VOLUME_SEGMENT_PRICE_USD = 0.003
export const VOLUME_TIER_SEGMENTS = 1_000_000

/**
 * Cost of a message of `segments` segments when `segmentsBefore` were already billed in the cycle: the part that
 * falls within the first million is billed at the list price, the rest at the volume price. Rounded to 1e-6 $.
 */
export function messageCost(segments: number, segmentsBefore = 0): number {
  const atList = Math.max(0, Math.min(segments, VOLUME_TIER_SEGMENTS - segmentsBefore))
  const atVolume = segments - atList
  return Math.round((atList * SEGMENT_PRICE_USD + atVolume * VOLUME_SEGMENT_PRICE_USD) * 1e6) / 1e6
}
