// The shapes the API document names under components.schemas (lib/openapi.ts turns each inline copy into a
// $ref): the error body, pagination and each resource, so a generated client has one type per resource.
import type { TSchema } from 'typebox'
import { AccountSettingsView } from '../core/views/account-settings.js'
import { AudienceView } from '../core/views/audiences.js'
import { AuditEntryView } from '../core/views/audit-log.js'
import { ContactView } from '../core/views/contacts.js'
import { CreativeView } from '../core/views/creatives.js'
import { JourneyView } from '../core/views/journeys.js'
import { ApiKeyView } from '../core/views/keys.js'
import { SendingListView } from '../core/views/lists.js'
import { MessageView } from '../core/views/messages.js'
import { OfferView } from '../core/views/offers.js'
import { ReplyView } from '../core/views/replies.js'
import { ScheduleView } from '../core/views/schedules.js'
import { MemberView } from '../core/views/team.js'
import { WebhookView } from '../core/views/webhooks.js'
import { LiveEvent } from './routes/live.js'
import { Tiles } from './routes/overview.js'
import { Session } from './routes/sessions.js'
import { ErrorReply, Pagination } from './schemas.js'

export const API_COMPONENTS: Record<string, TSchema> = {
  Error: ErrorReply,
  Pagination,
  AccountSettings: AccountSettingsView,
  ApiKey: ApiKeyView,
  Audience: AudienceView,
  AuditEntry: AuditEntryView,
  Contact: ContactView,
  Creative: CreativeView,
  Journey: JourneyView,
  LiveEvent,
  Member: MemberView,
  Message: MessageView,
  Offer: OfferView,
  Reply: ReplyView,
  Schedule: ScheduleView,
  SendingList: SendingListView,
  Session,
  Tiles,
  Webhook: WebhookView,
}
