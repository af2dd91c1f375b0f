// The real SMS providers by name. The simulator is not here: it holds timers and options of its own, and its
// users create it (lib/providers/simulator.ts).
import { cm } from './cm.js'
import { infobip } from './infobip.js'
import { lime } from './lime.js'
import { twilio } from './twilio.js'
import { PROVIDER_NAMES, type ProviderAdapter, type ProviderName } from './types.js'

export type RealProviderName = Exclude<ProviderName, 'simulator'>

const ADAPTERS: Record<RealProviderName, ProviderAdapter> = { infobip, twilio, cm, lime }

export const REAL_PROVIDERS: readonly RealProviderName[] = PROVIDER_NAMES.filter(
  (name): name is RealProviderName => name !== 'simulator',
)

export function adapterFor(name: RealProviderName): ProviderAdapter {
  return ADAPTERS[name]
}
