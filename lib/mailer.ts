// Outgoing email over SMTP (nodemailer, from SMTP_URL). Without SMTP_URL (production left unconfigured) every
// send is refused with a typed 503, so a flow that needs email fails clearly instead of silently.
import nodemailer from 'nodemailer'
import type { Config } from '../core/config.js'
import type { EmailContent } from '../core/emails.js'
import { AppError } from '../core/errors.js'

export interface Mailer {
  /** Base of every link put in an email (config.publicUrl). */
  readonly publicUrl: string
  /** Resolves once the SMTP server accepted the message; rejects with AppError `service_unavailable`. */
  send(to: string, content: EmailContent): Promise<void>
  close(): void
}

/** An SMTP server slower than this fails the send; callers may hold a transaction open meanwhile. */
const SMTP_TIMEOUT_MS = 10_000

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>): Mailer {
  const transport = config.smtpUrl
    ? nodemailer.createTransport({
        url: config.smtpUrl,
        connectionTimeout: SMTP_TIMEOUT_MS,
        greetingTimeout: SMTP_TIMEOUT_MS,
        socketTimeout: SMTP_TIMEOUT_MS,
        dnsTimeout: SMTP_TIMEOUT_MS,
      })
    : undefined
  return {
    publicUrl: config.publicUrl,
    async send(to, content) {
      if (!transport) {
        throw new AppError('service_unavailable', 'Email is not configured on this server (SMTP_URL)')
      }
      try {
        await transport.sendMail({ from: config.mailFrom, to, ...content })
      } catch (err) {
        throw Object.assign(
          new AppError('service_unavailable', 'The email could not be sent; try again later'),
          {
            cause: err,
          },
        )
      }
    },
    close() {
      transport?.close()
    },
  }
}
