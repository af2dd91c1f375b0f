// An arm's counts for the bandit unit tests: sends, clicks, conversions and revenue (0 unless given).
import type { ArmCounts } from '../../core/bandit.js'

export const counts = (sends: number, clicks: number, conversions = 0, revenue = 0): ArmCounts => ({
  sends,
  clicks,
  conversions,
  revenue,
})
