// The simulated world of bench/bandit.ts (issue 6, unchanged since, so runs compare): the contact population's
// context cells with their frequencies, the 7 creatives over 3 offers with their true click and conversion
// probabilities (products of plausible effects, not a logit sum), and the oracle's choice for each cell.
import type { ContactContext } from '../core/bandit.js'
export const CARRIERS = ['verizon', 'att', 'tmobile', 'other'] as const
const LINE_TYPES = ['mobile', 'voip', 'unknown'] as const
const TZ_BANDS = ['eastern', 'central', 'mountain', 'pacific'] as const
const RECENCY = ['never', 'clicked_older', 'clicked_30d', 'clicked_7d'] as const
type Carrier = (typeof CARRIERS)[number]
type LineType = (typeof LINE_TYPES)[number]
type TzBand = (typeof TZ_BANDS)[number]
type Recency = (typeof RECENCY)[number]

export const CARRIER_P = [0.36, 0.31, 0.23, 0.1]
/** Line type given the carrier: VoIP numbers (Google Voice, Bandwidth resellers…) mostly show up as 'other'. */
export const LINE_P: Record<Carrier, number[]> = {
  verizon: [0.9, 0.03, 0.07],
  att: [0.89, 0.04, 0.07],
  tmobile: [0.87, 0.06, 0.07],
  other: [0.45, 0.45, 0.1],
}
export const TZ_P = [0.47, 0.29, 0.07, 0.17]
export const RECENCY_P = [0.5, 0.28, 0.13, 0.09]

export interface Cell {
  carrier: Carrier
  lineType: LineType
  tz: TzBand
  recency: Recency
  /** Population share. */
  weight: number
  context: ContactContext
}

export const CELLS: Cell[] = []
for (let c = 0; c < 4; c++)
  for (let l = 0; l < 3; l++)
    for (let z = 0; z < 4; z++)
      for (let r = 0; r < 4; r++) {
        const carrier = CARRIERS[c]!
        const lineType = LINE_TYPES[l]!
        const tz = TZ_BANDS[z]!
        const recency = RECENCY[r]!
        CELLS.push({
          carrier,
          lineType,
          tz,
          recency,
          weight: CARRIER_P[c]! * LINE_P[carrier][l]! * TZ_P[z]! * RECENCY_P[r]!,
          context: { carrier, line_type: lineType, tz_band: tz, recency },
        })
      }

export interface Creative {
  id: number
  name: string
  offer: 'loan' | 'insurance' | 'sweeps'
  payout: number
  payoutType: 'cpa' | 'cpc'
  baseCtr: number
  ctrEffect: (cell: Cell) => number
  cvrEffect: (cell: Cell) => number
}

const OFFERS = {
  loan: { payout: 45, payoutType: 'cpa', baseCvr: 0.09 },
  insurance: { payout: 28, payoutType: 'cpa', baseCvr: 0.14 },
  sweeps: { payout: 2.4, payoutType: 'cpc', baseCvr: 0 },
} as const

const ENGAGEMENT: Record<Recency, number> = {
  never: 1,
  clicked_older: 1.3,
  clicked_30d: 1.9,
  clicked_7d: 2.6,
}
const LINE_CTR: Record<LineType, number> = { mobile: 1, voip: 0.75, unknown: 0.9 }
const TZ_CTR: Record<TzBand, number> = { eastern: 1, central: 1, mountain: 0.95, pacific: 1.05 }
/** Click propensity every creative shares. */
const common = (cell: Cell) => ENGAGEMENT[cell.recency] * LINE_CTR[cell.lineType] * TZ_CTR[cell.tz]

/** Conversion effects of the offers (lenders reject VoIP numbers; recent clickers are warmer leads). */
const offerCvr = (offer: Creative['offer'], cell: Cell): number => {
  if (offer === 'loan')
    return (
      (cell.lineType === 'voip' ? 0.35 : 1) *
      (cell.recency === 'clicked_7d' ? 1.25 : 1) *
      (cell.tz === 'pacific' ? 0.85 : 1)
    )
  if (offer === 'insurance')
    return (cell.recency === 'never' ? 0.8 : 1) * (cell.tz === 'central' || cell.tz === 'mountain' ? 1.15 : 1)
  return 1
}

export const CREATIVES: Creative[] = [
  {
    id: 101,
    name: 'loan: short urgent',
    offer: 'loan',
    ...OFFERS.loan,
    baseCtr: 0.021,
    ctrEffect: () => 1,
    cvrEffect: () => 1,
  },
  {
    id: 102,
    name: 'loan: welcome back',
    offer: 'loan',
    ...OFFERS.loan,
    baseCtr: 0.016,
    // Personal "welcome back" copy: works on people who clicked recently, reads as spam to the rest; the gain is
    // on mobile phones only (VoIP-number contacts are mostly sign-up fillers).
    ctrEffect: (cell) =>
      cell.lineType === 'mobile'
        ? { never: 0.85, clicked_older: 1.05, clicked_30d: 1.5, clicked_7d: 2.1 }[cell.recency]
        : 0.9,
    cvrEffect: () => 1.15,
  },
  {
    id: 201,
    name: 'insurance: quote',
    offer: 'insurance',
    ...OFFERS.insurance,
    baseCtr: 0.024,
    ctrEffect: (cell) => (cell.tz === 'pacific' ? 1.2 : 1),
    cvrEffect: () => 1.05,
  },
  {
    id: 202,
    name: 'insurance: savings',
    offer: 'insurance',
    ...OFFERS.insurance,
    baseCtr: 0.022,
    ctrEffect: () => 1,
    cvrEffect: () => 1,
  },
  {
    id: 203,
    name: 'insurance: emoji',
    offer: 'insurance',
    ...OFFERS.insurance,
    baseCtr: 0.032,
    // One carrier's filter drops most emoji-heavy messages with shortened links; another delivers them well.
    ctrEffect: (cell) => ({ verizon: 0.35, att: 1.1, tmobile: 1.2, other: 1 })[cell.carrier],
    cvrEffect: () => 0.8,
  },
  {
    id: 301,
    name: 'sweeps: you won',
    offer: 'sweeps',
    ...OFFERS.sweeps,
    baseCtr: 0.036,
    // "You won" copy is filtered hard by one carrier; VoIP-number sign-ups are sweepstakes hunters.
    ctrEffect: (cell) => (cell.carrier === 'tmobile' ? 0.4 : 1) * (cell.lineType === 'voip' ? 1.6 : 1),
    cvrEffect: () => 1,
  },
  {
    id: 302,
    name: 'sweeps: gift card',
    offer: 'sweeps',
    ...OFFERS.sweeps,
    baseCtr: 0.03,
    ctrEffect: (cell) => (cell.lineType === 'voip' ? 1.3 : 1),
    cvrEffect: () => 1,
  },
]

const trueCtr = (cr: Creative, cell: Cell) => Math.min(0.2, cr.baseCtr * common(cell) * cr.ctrEffect(cell))
const trueCvr = (cr: Creative, cell: Cell) =>
  cr.payoutType === 'cpc'
    ? 1
    : Math.min(0.3, OFFERS[cr.offer].baseCvr * offerCvr(cr.offer, cell) * cr.cvrEffect(cell))
/** True expected revenue per send. */
const trueRps = (cr: Creative, cell: Cell) => trueCtr(cr, cell) * trueCvr(cr, cell) * cr.payout

export const K = CREATIVES.length
export const CTR = CELLS.map((cell) => CREATIVES.map((cr) => trueCtr(cr, cell)))
export const CVR = CELLS.map((cell) => CREATIVES.map((cr) => trueCvr(cr, cell)))
export const RPS = CELLS.map((cell) => CREATIVES.map((cr) => trueRps(cr, cell)))
export const argmax = (xs: number[]) => xs.reduce((best, x, i) => (x > xs[best]! ? i : best), 0)
export const ORACLE = RPS.map(argmax)

export function worldSummary() {
  const total = CELLS.reduce((s, c) => s + c.weight, 0)
  const perCreative = CREATIVES.map(
    (_, k) => CELLS.reduce((s, c, i) => s + c.weight * RPS[i]![k]!, 0) / total,
  )
  const ctrs = CREATIVES.map((_, k) => CELLS.reduce((s, c, i) => s + c.weight * CTR[i]![k]!, 0) / total)
  const oracle = CELLS.reduce((s, c, i) => s + c.weight * RPS[i]![ORACLE[i]!]!, 0) / total
  const uniform = perCreative.reduce((s, x) => s + x, 0) / K
  const best = argmax(perCreative)
  const oracleShare = CREATIVES.map((_, k) =>
    CELLS.reduce((s, c, i) => s + (ORACLE[i] === k ? c.weight : 0), 0),
  )
  return { perCreative, ctrs, oracle, uniform, best, oracleShare }
}
