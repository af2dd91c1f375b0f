// Loopback HTTP doubles of the real SMS providers (reference/wire-formats §1–4), for contract tests of the
// adapters. Each listens on 127.0.0.1 (port 0), checks a send request the way its provider does and answers
// refusals in that provider's error format, records every well-formed request, answers in the provider's success
// format with a fresh message id, misbehaves for a recipient when told to, and posts delivery reports and inbound
// messages back in the provider's webhook format (the Twilio double signs them with X-Twilio-Signature).
// Lime documents no webhook format: its double posts the formats we defined (lib/providers/lime.ts).
// Each also answers its adapter's credentials check (validateCredentials) for good and bad credentials.
// This entry re-exports them from provider-doubles/: a module per double, types.ts and loopback.ts.
export { type CmDouble, type CmStatusCode, createCmDouble } from './provider-doubles/cm.js'
export {
  createInfobipDouble,
  INFOBIP_STATUSES,
  type InfobipDouble,
  type InfobipStatusName,
} from './provider-doubles/infobip.js'
export { createLimeDouble, type LimeDouble, type LimeStatus } from './provider-doubles/lime.js'
export {
  createTwilioDouble,
  TWILIO_STATUSES,
  type TwilioDouble,
  type TwilioStatus,
} from './provider-doubles/twilio.js'
export type {
  Behaviour,
  DoubleInbound,
  DoubleReport,
  PostResult,
  ProviderDouble,
  RecordedRequest,
} from './provider-doubles/types.js'
export { startWebhookReceiver, type WebhookReceiver } from './provider-doubles/webhook-receiver.js'
