// The local stack's SMTP receiver (deploy/stack.sh starts it): `mail-receiver --port 51025 --dir .stack/mail`.
// Every message the platform sends in development lands in that folder as an .eml file, listed in index.json.
import { parseArgs } from 'node:util'
import { mailDirectory, startMailReceiver } from '../lib/mail-receiver.js'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '51025' }, dir: { type: 'string' } },
})
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65_535 || !values.dir) {
  console.error('usage: mail-receiver --port <port> --dir <folder>')
  process.exit(2)
}
const dir = values.dir
const file = mailDirectory(dir)
const receiver = await startMailReceiver({
  port,
  onMail(mail) {
    file(mail)
    console.log(`${mail.receivedAt} to ${mail.envelope.to.join(', ')}: ${mail.subject}`)
  },
  onError: (err) => console.error(`mail-receiver: ${err.message}`),
})
console.log(`mail-receiver listening on ${receiver.url}, filing mail in ${dir}`)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void receiver.close().then(() => process.exit(0))
  })
}
