// Every /api/v2 route module, registered behind API-key authentication. Add a module here to serve it.
import type { FastifyPluginAsync } from 'fastify'
import { accountSettingsRoutes } from './account-settings.js'
import { analyticsRoutes } from './analytics.js'
import { audienceRoutes } from './audiences.js'
import { auditLogRoutes } from './audit-log.js'
import { publicAuthRoutes } from './auth-public.js'
import { contactBlockRoutes } from './contact-block.js'
import { contactDetailRoutes } from './contact-detail.js'
import { contactRoutes } from './contacts.js'
import { creativeRoutes } from './creatives.js'
import { historyRoutes } from './history.js'
import { journeyRoutes } from './journeys.js'
import { keyRoutes } from './keys.js'
import { linkRoutes } from './links.js'
import { listRoutes } from './lists.js'
import { liveRoutes } from './live.js'
import { messageRoutes } from './messages.js'
import { mlRoutes } from './ml.js'
import { offerRoutes } from './offers.js'
import { otpRoutes } from './otp.js'
import { overviewRoutes } from './overview.js'
import { postbackSettingsRoutes } from './postback-settings.js'
import { replyRoutes } from './replies.js'
import { reportRoutes } from './reports.js'
import { revenueRoutes } from './revenue.js'
import { scheduleRoutes } from './schedules.js'
import { sendRoutes } from './send.js'
import { sessionRoutes } from './sessions.js'
import { teamRoutes } from './team.js'
import { trackingSettingsRoutes } from './tracking-settings.js'
import { twoFactorRoutes } from './two-factor.js'
import { webhookRoutes } from './webhooks.js'

export const v2Routes: FastifyPluginAsync[] = [
  reportRoutes,
  analyticsRoutes,
  offerRoutes,
  creativeRoutes,
  listRoutes,
  linkRoutes,
  audienceRoutes,
  keyRoutes,
  teamRoutes,
  publicAuthRoutes,
  sendRoutes,
  scheduleRoutes,
  contactRoutes,
  contactDetailRoutes,
  contactBlockRoutes,
  webhookRoutes,
  otpRoutes,
  replyRoutes,
  messageRoutes,
  postbackSettingsRoutes,
  revenueRoutes,
  historyRoutes,
  trackingSettingsRoutes,
  mlRoutes,
  journeyRoutes,
  overviewRoutes,
  liveRoutes,
  sessionRoutes,
  twoFactorRoutes,
  accountSettingsRoutes,
  auditLogRoutes,
  // (route modules)
]
