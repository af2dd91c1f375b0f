// What comes back from providers, processed from Kafka: delivery receipts move message status forward (never
// back), replies are classified (opt-out, opt-in, help, other) and acted on. Every step is idempotent, so a
// redelivered batch (consumer killed before its commit) changes nothing a second time.

import type { Queue } from 'bullmq'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { ClickHouse } from '../analytics/clickhouse.js'
import type { MessageDims } from '../core/attribution.js'
import type { Config } from '../core/config.js'
import { type ContactEvent, type DeliveryEvent, type InboundEvent, topicName } from '../core/events.js'
import { newMessageId, newObjectId } from '../core/ids.js'
import { deliveryEntries, replyEntries } from '../core/live.js'
import { autoReplyText, type ReplyAction, replyAction, unsubscribeReason } from '../core/reply-actions.js'
import { classifyReply, type ReplyClassification } from '../core/reply-classifier.js'
import type { BatchingProducer } from '../lib/kafka.js'
import { withTransaction } from '../lib/postgres.js'
import type { DispatchJob } from '../lib/queues.js'
import { brandNameSql } from '../services/account-settings.js'
import { contactEvent, publishContactEvents, unsubscribeMembers } from '../services/contacts.js'
import { enrollMembers } from '../services/journey-enrollment.js'
import type { LivePublisher } from '../services/live.js'
import { insertTrackedMessage } from '../services/messages.js'
import type { PartitionBatch } from './consumer.js'
import { batchToken, sliceSource, withLiveEvents } from './pipeline.js'
import { loadCarriers, MessageDimsCache } from './state.js'
import type { Slice } from './steps.js'

export type CustomerEventType = 'delivery' | 'unsubscribe' | 'reply'

/** Hands an event to the customer's webhooks (one delivery per endpoint; the same event id is sent once). */
export type CustomerEvents = (event: {
  accountId: string
  type: CustomerEventType
  eventId: string
  payload: Record<string, unknown>
}) => Promise<void>

export interface MessagingDeps {
  pool: pg.Pool
  clickhouse: ClickHouse
  producer: BatchingProducer
  dispatch: Queue<DispatchJob>
  customerEvents: CustomerEvents
  config: Pick<Config, 'kafkaTopicPrefix'>
  log: Logger
  /** Where the dashboard's live events go once a batch's writes are in (none: not published). */
  live?: LivePublisher
}

const RANK: Record<string, number> = { queued: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2 }

/** Step: per message, the receipt that moves it furthest (the first one, among equals) — status only moves forward. */
export function furthestReceipts(events: readonly DeliveryEvent[]): DeliveryEvent[] {
  const best = new Map<string, DeliveryEvent>()
  for (const e of events) {
    const current = best.get(e.message_id)
    if (!current || RANK[e.status]! > RANK[current.status]!) best.set(e.message_id, e)
  }
  return [...best.values()]
}

/**
 * Step: receipt rows carry their message's dimensions (as click and conversion rows do), so reports read no other
 * table for them. A receipt whose message row is not visible yet names its contact when its producer knows it.
 */
export function deliveryRows(
  events: readonly DeliveryEvent[],
  dims: ReadonlyMap<string, MessageDims>,
  carriers: ReadonlyMap<string, string>,
) {
  return events.map((e) => {
    const d = dims.get(e.message_id)
    const contactId = d?.contactId ?? e.contact_id ?? ''
    return {
      account_id: e.account_id,
      event_id: e.event_id,
      event_time: e.event_time,
      message_id: e.message_id,
      list_id: e.list_id,
      provider: e.provider,
      provider_message_id: e.provider_message_id,
      status: e.status,
      status_detail: e.status_detail,
      error_code: e.error_code,
      contact_id: contactId,
      carrier: d?.carrier ?? carriers.get(contactId) ?? '',
      creative_id: d?.creativeId ?? null,
      schedule_id: d?.scheduleId ?? null,
      variant: d?.variant ?? null,
      offer_ids: [...(d?.offerIds ?? [])],
    }
  })
}

/** Spec §15 `delivery` webhook status for our lifecycle status. */
export function webhookDeliveryStatus(status: DeliveryEvent['status'], detail: string): string {
  if (status === 'delivered') return 'delivered'
  if (status === 'sent') return 'pending'
  if (status === 'failed') return 'rejected'
  return /EXPIR/i.test(detail) ? 'expired' : 'undeliverable'
}

/** Spec §15: these provider details remove the contact from the list automatically. */
const REMOVING_DETAILS = new Map([
  ['REJECTED_SPAM', 'complaint'],
  ['REJECTED_DESTINATION', 'invalid_contact'],
])

export class MessagingPipeline {
  private readonly dims = new MessageDimsCache()

  constructor(private readonly deps: MessagingDeps) {}

  get handlers(): [string, (b: PartitionBatch) => Promise<void>][] {
    const t = (k: 'deliveries' | 'inbound') => topicName(this.deps.config.kafkaTopicPrefix, k)
    const runner = { ...this.deps, topicPrefix: this.deps.config.kafkaTopicPrefix }
    return [
      [
        t('deliveries'),
        withLiveEvents(
          'deliveries',
          (s) => this.deliveries(s),
          (s) => deliveryEntries(sliceSource(s), s.events, s.offsets),
          runner,
        ),
      ],
      [
        t('inbound'),
        withLiveEvents(
          'inbound',
          (s) => this.inbound(s),
          (s) => replyEntries(s.events, s.offsets),
          runner,
        ),
      ],
    ]
  }

  private async deliveries(batch: Slice<DeliveryEvent>): Promise<void> {
    const { events } = batch
    const { pool } = this.deps
    const dims = await this.dims.load(
      pool,
      events.map((e) => e.message_id),
    )
    const carriers = await loadCarriers(
      pool,
      events.flatMap((e) => (!dims.has(e.message_id) && e.contact_id ? [e.contact_id] : [])),
    )
    await this.deps.clickhouse.insert('deliveries', deliveryRows(events, dims, carriers), batchToken(batch))
    const receipts = furthestReceipts(events)
    if (receipts.length > 0) {
      // Forward only: a late `sent` never overwrites `delivered`; the first terminal status stays.
      const { rows } = await this.deps.pool.query<{
        id: string
        account_id: string
        list_id: number
        contact_id: string
        to_number: string
        list_number: string
        status: DeliveryEvent['status']
        status_detail: string
        provider: string
        event_id: string
        event_time: string
      }>(
        `UPDATE messages m SET status = v.status, status_detail = v.detail, provider_error_code = v.code,
                status_updated_at = now(), sent_at = COALESCE(m.sent_at, v.at::timestamptz)
           FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                  AS v(id, list_id, status, detail, code, event_id, at),
                sending_lists sl
          WHERE m.id = v.id AND m.list_id = v.list_id AND sl.id = m.list_id
            AND (CASE m.status WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END)
              < (CASE v.status WHEN 'sent' THEN 1 ELSE 2 END)
          RETURNING m.id, m.account_id, m.list_id, m.contact_id, m.to_number, sl.phone_number AS list_number,
                    m.status, m.status_detail, m.provider, v.event_id, v.at AS event_time`,
        [
          receipts.map((e) => e.message_id),
          receipts.map((e) => e.list_id),
          receipts.map((e) => e.status),
          receipts.map((e) => e.status_detail),
          receipts.map((e) => e.error_code),
          receipts.map((e) => e.event_id),
          receipts.map((e) => e.event_time),
        ],
      )
      for (const [detail, reason] of REMOVING_DETAILS) {
        const members = rows
          .filter((r) => r.status_detail === detail)
          .map((r) => ({ accountId: r.account_id, listId: r.list_id, contactId: r.contact_id }))
        await this.publishContacts(await unsubscribeMembers(this.deps.pool, members, reason))
      }
      for (const r of rows) {
        await this.deps.customerEvents({
          accountId: r.account_id,
          type: 'delivery',
          eventId: r.event_id,
          payload: {
            message_id: r.id,
            to: r.to_number,
            list_number: r.list_number,
            status: webhookDeliveryStatus(r.status, r.status_detail),
            status_detail: r.status_detail,
            provider: r.provider,
            timestamp: new Date(r.event_time).toISOString(),
          },
        })
      }
    }
  }

  /** Replies in partition order (keyed by sender), so one contact's STOP then START end subscribed. */
  private async inbound(batch: Slice<InboundEvent>): Promise<void> {
    for (const event of batch.events) await this.reply(event)
  }

  private async reply(event: InboundEvent): Promise<void> {
    const classification = classifyReply(event.body)
    const outcome = await withTransaction(this.deps.pool, async (client) => {
      const { rows } = await client.query<{
        brand_name: string
        help_text: string | null
        phone_number: string
        spam_action: string | null
        contact_id: string | null
        list_contact_id: string | null
        active: boolean | null
      }>(
        `SELECT ${brandNameSql('sl', 'a')} AS brand_name, sl.help_text, sl.phone_number,
                a.settings->'messaging'->>'spam_complaint_action' AS spam_action,
                c.id AS contact_id, lc.id AS list_contact_id, lc.active
           FROM sending_lists sl
           JOIN accounts a ON a.id = sl.account_id
           LEFT JOIN contacts c ON c.account_id = sl.account_id AND c.phone_number = $2
           LEFT JOIN list_contacts lc ON lc.list_id = sl.id AND lc.contact_id = c.id
          WHERE sl.id = $1`,
        [event.list_id, event.from],
      )
      const list = rows[0]
      if (!list) return null
      const stored = await client.query(
        `INSERT INTO inbound_messages (id, account_id, list_id, contact_id, from_number, to_number, body, provider,
                                       provider_message_id, kind, keyword, reason, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (list_id, provider_message_id) DO NOTHING`,
        [
          newObjectId(),
          event.account_id,
          event.list_id,
          list.contact_id,
          event.from,
          list.phone_number,
          event.body,
          event.provider,
          event.provider_message_id,
          classification.kind,
          classification.keyword ?? null,
          classification.reason ?? null,
          event.event_time,
        ],
      )
      // Seen before (a redelivered batch): everything below was done in the transaction that stored it.
      if (stored.rowCount === 0) return null
      let action = replyAction(classification, {
        subscribed: list.list_contact_id ? list.active === true : null,
        spamComplaintAction: list.spam_action === 'stop' ? 'stop' : 'label',
      })
      let contactChanges: ContactEvent[] = []
      if (action === 'unsubscribe') {
        contactChanges = await unsubscribeMembers(
          client,
          [{ accountId: event.account_id, listId: event.list_id, contactId: list.contact_id! }],
          unsubscribeReason(classification),
        )
      } else if (action === 'resubscribe') {
        const changed = await client.query(
          `UPDATE list_contacts SET active = true, unsubscribe_reason = NULL, unsubscribed_at = NULL,
                  updated_at = now() WHERE id = $1 AND NOT active`,
          [list.list_contact_id],
        )
        if (changed.rowCount === 1) {
          contactChanges = [
            contactEvent(event.account_id, 'subscribed', {
              contactId: list.contact_id!,
              listContactId: list.list_contact_id!,
              listId: event.list_id,
              phoneNumber: event.from,
              signupMethod: 'keyword',
              reason: null,
            }),
          ]
          // A keyword opt-in enrols like any join (spec §17). The first step's job is added by the scheduler's
          // journeys sweep within a minute (this consumer holds no journeys queue).
          await enrollMembers(client, event.account_id, [
            { listId: event.list_id, contactId: list.contact_id! },
          ])
        }
      }
      // The row lock makes a concurrent STOP and START serialise; only a real change confirms.
      if ((action === 'unsubscribe' || action === 'resubscribe') && contactChanges.length === 0)
        action = 'forward'
      let reply: string | null = null
      if (action !== 'forward') {
        // The one confirmation (or HELP answer): transactional, so quiet hours do not hold it; a confirmation of
        // STOP goes to a contact who is now unsubscribed, which the message records as a compliance bypass.
        const message = await insertTrackedMessage(client, {
          accountId: event.account_id,
          listId: event.list_id,
          to: event.from,
          body: autoReplyText(action, { brandName: list.brand_name, helpText: list.help_text }),
          links: {},
          linkBaseUrl: '',
          messageId: newMessageId(),
          metadata: { transactional: true, auto_reply: action, in_reply_to: event.event_id },
          sendFlags: { skip_contact_validation: action === 'unsubscribe', skip_duplicate_check: true },
        })
        reply = message.messageId
      }
      // Handed to the customer's webhooks before the commit: if the commit is lost the batch is redelivered and
      // the same event id is not delivered twice.
      await this.customerEventOf(event, action, classification, list.phone_number)
      return { reply, contactChanges }
    })
    if (!outcome) return
    // After the commit, so the worker can see the message. A process that dies just before this leaves the reply
    // queued without a job; the stale sweep drops it after 30 minutes.
    if (outcome.reply) await this.deps.dispatch.add('send', { messageIds: [outcome.reply] })
    await this.publishContacts(outcome.contactChanges)
  }

  private publishContacts(events: ContactEvent[]): Promise<void> {
    return publishContactEvents(this.deps.producer, this.deps.config, events, this.deps.log)
  }

  private customerEventOf(
    event: InboundEvent,
    action: ReplyAction,
    classification: ReplyClassification,
    listNumber: string,
  ): Promise<void> {
    if (action === 'unsubscribe') {
      return this.deps.customerEvents({
        accountId: event.account_id,
        type: 'unsubscribe',
        eventId: event.event_id,
        payload: {
          phone_number: event.from,
          list_number: listNumber,
          keyword: classification.keyword ?? event.body.slice(0, 50),
          timestamp: event.event_time,
        },
      })
    }
    if (action !== 'forward') return Promise.resolve()
    return this.deps.customerEvents({
      accountId: event.account_id,
      type: 'reply',
      eventId: event.event_id,
      payload: {
        from: event.from,
        list_number: listNumber,
        body: event.body,
        kind: classification.kind,
        timestamp: event.event_time,
      },
    })
  }
}
