// An SMTP receiver of a test file's own (lib/mail-receiver.ts on a free loopback port): the platform under test
// sends real mail to it, and tests read what arrived and follow the links in it.
import { type ReceivedMail, startMailReceiver } from '../../lib/mail-receiver.js'
import type { Teardown } from './platform.js'

export interface Mailbox {
  /** SMTP_URL for the platform under test. */
  url: string
  received: ReceivedMail[]
  /** The `nth` (1-based) mail to `address`, once it has arrived. */
  mailTo(address: string, nth?: number, timeoutMs?: number): Promise<ReceivedMail>
  /** How many mails `address` has received so far. */
  countTo(address: string): number
}

export async function startMailbox(t: Teardown): Promise<Mailbox> {
  const received: ReceivedMail[] = []
  const waiters = new Set<() => void>()
  const receiver = await startMailReceiver({
    port: 0,
    onMail(mail) {
      received.push(mail)
      for (const wake of waiters) wake()
    },
  })
  t.teardown(() => receiver.close())
  const to = (address: string) => {
    const wanted = address.toLowerCase()
    return received.filter((m) => m.envelope.to.some((a) => a.toLowerCase() === wanted))
  }
  return {
    url: receiver.url,
    received,
    countTo: (address) => to(address).length,
    mailTo(address, nth = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = to(address)[nth - 1]
          if (!mail) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve(mail)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(
            new Error(`no mail #${nth} to ${address} within ${timeoutMs} ms (${received.length} received)`),
          )
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
  }
}

/** The one link of an email's plain-text body (the HTML body carries the same link). */
export function linkIn(mail: ReceivedMail): URL {
  const links = mail.text.match(/https?:\/\/\S+/g) ?? []
  if (links.length !== 1) throw new Error(`expected one link in "${mail.subject}", found ${links.length}`)
  return new URL(links[0] as string)
}

export const tokenIn = (mail: ReceivedMail): string => linkIn(mail).searchParams.get('token') ?? ''
