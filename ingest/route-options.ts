// What the ingest route plugins (redirects, postbacks) are registered with.
import type { Config } from '../core/config.js'
import type { DurableEvents } from '../lib/durable-events.js'
import type { Lookups } from './lookups.js'
import type { PostbackLookups } from './postback-lookups.js'

export interface IngestRouteOptions {
  lookups: Lookups
  postbackLookups: PostbackLookups
  events: DurableEvents
  topicPrefix: string
  /** Redirects read the confirm-token secret and the trusted country header from it. */
  config: Config
}
