// A real SMTP receiver on loopback for development and tests (smtp-server, parsed by mailparser): the local
// stack runs one that files every message under .stack/mail, and tests run one in-process to read the mail the
// platform actually sent. It accepts any sender and any credentials, so it only ever listens on loopback.
import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  id: string
  receivedAt: string
  /** SMTP envelope (MAIL FROM, RCPT TO). */
  envelope: { from: string | null; to: string[] }
  subject: string
  from: string
  to: string
  text: string
  html: string
  /** The message as received (RFC 5322). */
  raw: Buffer
}

export interface MailReceiver {
  /** nodemailer URL of this receiver, e.g. smtp://127.0.0.1:51025 */
  url: string
  port: number
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
}

const addressOf = (a: { address: string } | false | undefined): string | null => (a ? a.address : null)

export function startMailReceiver(opts: {
  port: number
  onMail(mail: ReceivedMail): void | Promise<void>
  onError?(err: Error): void
}): Promise<MailReceiver> {
  const server = new SMTPServer({
    // Plain SMTP on loopback: no STARTTLS (its built-in certificate is not trusted), optional AUTH.
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' })
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
            callback(Object.assign(new Error('Message too large'), { responseCode: 552 }))
            return
          }
          const parsed = await simpleParser(raw)
          await opts.onMail({
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            envelope: {
              from: addressOf(session.envelope.mailFrom),
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            subject: parsed.subject ?? '',
            from: parsed.from?.text ?? '',
            to: [parsed.to ?? []]
              .flat()
              .map((a) => a.text)
              .join(', '),
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            raw,
          })
          callback()
        })
        .catch((err: Error) => {
          opts.onError?.(err)
          callback(Object.assign(new Error('Message could not be stored'), { responseCode: 451 }))
        })
    },
  })
  if (opts.onError) server.on('error', opts.onError)
  return new Promise((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => {
      server.server.off('error', reject)
      const { port } = server.server.address() as AddressInfo
      resolve({
        url: `smtp://127.0.0.1:${port}`,
        port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      })
    })
  })
}

export interface MailIndexEntry {
  id: string
  file: string
  received_at: string
  envelope_to: string[]
  from: string
  to: string
  subject: string
}

/**
 * Files each message as `<dir>/<time>-<id>.eml` and lists it, newest last, in `<dir>/index.json` (rewritten
 * through a rename, so a reader never sees half a file).
 */
export function mailDirectory(dir: string): (mail: ReceivedMail) => void {
  mkdirSync(dir, { recursive: true })
  const indexFile = join(dir, 'index.json')
  let index: MailIndexEntry[] = []
  try {
    index = JSON.parse(readFileSync(indexFile, 'utf8')) as MailIndexEntry[]
  } catch {}
  return (mail) => {
    const file = `${mail.receivedAt.replace(/[:.]/g, '-')}-${mail.id}.eml`
    writeFileSync(join(dir, file), mail.raw)
    index.push({
      id: mail.id,
      file,
      received_at: mail.receivedAt,
      envelope_to: mail.envelope.to,
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
    })
    writeFileSync(`${indexFile}.tmp`, `${JSON.stringify(index, null, 2)}\n`)
    renameSync(`${indexFile}.tmp`, indexFile)
  }
}
