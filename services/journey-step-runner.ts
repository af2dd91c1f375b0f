// Welcome journeys (spec §17), the step runner: what each step type does inside a step run's transaction.
import type pg from 'pg'
import type { ContactEvent } from '../core/events.js'
import { newMessageId } from '../core/ids.js'
import {
  type EnrollmentStatus,
  type FieldValue,
  type JourneyStatus,
  matchField,
  type Step,
} from '../core/journeys.js'
import { renderMacros } from '../core/message-template.js'
import { brandNameSql } from './account-settings.js'
import { unsubscribeMembers } from './contacts.js'
import { insertTrackedMessages, type LinkTarget, UnknownOfferError } from './messages.js'

export interface StepRunOptions {
  /** Base of short links for lists without a shortener domain of their own. */
  defaultLinkBaseUrl: string
}

export interface LockedEnrollment {
  id: string
  account_id: string
  journey_id: string
  contact_id: string
  list_id: number
  status: EnrollmentStatus
  step_index: number
  step_seq: number
  next_run_at: Date | null
  enrolled_at: Date
  journey_status: JourneyStatus
  steps: unknown
}

interface ContactContext {
  phone_number: string
  timezone: string | null
  first_name: string | null
  last_name: string | null
  custom_fields: Record<string, FieldValue>
  active: boolean
  brand_name: string
  shortener_domain: string | null
  account_timezone: string | null
}

interface EventRow {
  seq: number
  index: number
  type: string
  outcome: string
  detail: Record<string, unknown>
}

/** What each step type does, within the run's transaction. */
export class StepRunner {
  readonly events: EventRow[] = []
  readonly messageIds: string[] = []
  contactEvents: ContactEvent[] = []
  seq: number

  constructor(
    private readonly client: pg.PoolClient,
    private readonly e: LockedEnrollment,
    private readonly contact: ContactContext,
    private readonly options: StepRunOptions,
  ) {
    this.seq = e.step_seq
  }

  record(index: number, type: string, outcome: string, detail: Record<string, unknown> = {}): void {
    this.seq++
    this.events.push({ seq: this.seq, index, type, outcome, detail })
  }

  async send(step: Extract<Step, { type: 'send_message' }>, index: number): Promise<void> {
    let template: string
    let links: Record<string, LinkTarget>
    let creativeId: number | null = null
    if ('creative_id' in step) {
      const { rows } = await this.client.query<{
        message: string
        offer_links: { key: string; offer_id: string }[]
      }>(
        `SELECT message, offer_links FROM creatives WHERE id = $1 AND account_id = $2 AND status <> 'archived'`,
        [step.creative_id, this.e.account_id],
      )
      if (!rows[0]) return this.record(index, step.type, 'skipped', { reason: 'creative_unavailable' })
      template = rows[0].message
      links = Object.fromEntries(rows[0].offer_links.map((l) => [l.key, { offerId: l.offer_id }]))
      creativeId = step.creative_id
    } else {
      template = step.message
      links = Object.fromEntries(step.offer_links.map((l) => [l.key, { offerId: l.offer_id }]))
    }
    const messageId = newMessageId()
    const c = this.contact
    try {
      await insertTrackedMessages(this.client, [
        {
          accountId: this.e.account_id,
          listId: this.e.list_id,
          contactId: this.e.contact_id,
          to: c.phone_number,
          body: renderMacros(template, {
            messageId,
            brandName: c.brand_name,
            firstName: c.first_name,
            lastName: c.last_name,
            customFields: c.custom_fields,
          }),
          links,
          linkBaseUrl: c.shortener_domain ? `https://${c.shortener_domain}` : this.options.defaultLinkBaseUrl,
          messageId,
          creativeId,
          journeyEnrollmentId: this.e.id,
          metadata: { journey_id: this.e.journey_id, journey_step: index },
        },
      ])
    } catch (err) {
      if (!(err instanceof UnknownOfferError)) throw err
      return this.record(index, step.type, 'skipped', { reason: 'offer_unavailable' })
    }
    this.messageIds.push(messageId)
    this.record(index, step.type, 'sent', {
      message_id: messageId,
      ...(creativeId ? { creative_id: creativeId } : {}),
    })
  }

  /**
   * clicked_since_enrollment: a first human click (message_clicks, written by the click processor after bot
   * filtering) at or after enrollment on any message of this list to the contact. Reached through the contact's
   * messages (indexed by contact) rather than a scan of message_clicks, which has no contact index.
   */
  async check(step: Extract<Step, { type: 'condition' }>): Promise<boolean> {
    switch (step.check) {
      case 'clicked_since_enrollment': {
        const { rows } = await this.client.query<{ yes: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM messages m JOIN message_clicks mc ON mc.message_id = m.id
                           WHERE m.contact_id = $1 AND m.list_id = $2 AND m.account_id = $3
                             AND mc.clicked_at >= $4) AS yes`,
          [this.e.contact_id, this.e.list_id, this.e.account_id, this.e.enrolled_at],
        )
        return rows[0]!.yes
      }
      case 'sent_since_enrollment': {
        const { rows } = await this.client.query<{ yes: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM messages m WHERE m.contact_id = $1 AND m.list_id = $2 AND m.account_id = $3
                             AND m.sent_at >= $4) AS yes`,
          [this.e.contact_id, this.e.list_id, this.e.account_id, this.e.enrolled_at],
        )
        return rows[0]!.yes
      }
      case 'custom_field':
        return matchField(this.contact.custom_fields[step.field!], step.operator!, step.value)
    }
  }

  async setField(step: Extract<Step, { type: 'set_custom_field' }>): Promise<void> {
    await this.client.query(
      `UPDATE list_contacts SET custom_fields = custom_fields || $3::jsonb, updated_at = now()
        WHERE list_id = $1 AND contact_id = $2`,
      [this.e.list_id, this.e.contact_id, JSON.stringify({ [step.field]: step.value })],
    )
    this.contact.custom_fields = { ...this.contact.custom_fields, [step.field]: step.value }
  }

  async unsubscribe(): Promise<void> {
    this.contactEvents = await unsubscribeMembers(
      this.client,
      [{ accountId: this.e.account_id, listId: this.e.list_id, contactId: this.e.contact_id }],
      'journey',
    )
  }
}

export async function contactContext(
  client: pg.PoolClient,
  e: LockedEnrollment,
): Promise<ContactContext | undefined> {
  const { rows } = await client.query<ContactContext>(
    `SELECT c.phone_number, c.timezone, lc.first_name, lc.last_name, lc.custom_fields, lc.active,
            ${brandNameSql('sl', 'a')} AS brand_name, sl.shortener_domain, a.settings->>'timezone' AS account_timezone
       FROM list_contacts lc
       JOIN contacts c ON c.id = lc.contact_id
       JOIN sending_lists sl ON sl.id = lc.list_id
       JOIN accounts a ON a.id = lc.account_id
      WHERE lc.list_id = $1 AND lc.contact_id = $2 AND lc.account_id = $3`,
    [e.list_id, e.contact_id, e.account_id],
  )
  return rows[0]
}
