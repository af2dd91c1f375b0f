// The message as the phone would show it (account prefix and suffix around it, links as short links), with the
// API's character and segment count and, when the message goes as UCS-2, the character that forces it marked.
import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import { ErrorNote } from '../ui/ErrorNote'
import { withSampleLinks } from './creativeRules'
import './creatives.css'
import { firstUcs2 } from './gsm'
import { useEstimate } from './useEstimate'

export function MessagePreview({ message }: { message: string }) {
  const settings = useQuery({
    queryKey: ['account-settings'],
    queryFn: () => unwrap(api.GET('/api/v2/account/settings')),
  })
  const estimate = useEstimate(message)
  const prefix = settings.data?.template_prefix ?? ''
  const suffix = settings.data?.template_suffix ?? ''
  const body = withSampleLinks(message)
  // The offender may sit in the prefix or suffix too; each part is searched in the order the phone shows them.
  const parts = [
    { text: prefix, template: true },
    { text: body, template: false },
    { text: suffix, template: true },
  ]
  const at = parts.findIndex((p) => firstUcs2(p.text) !== null)
  const offender = at < 0 ? null : firstUcs2(parts[at]?.text ?? '')
  const e = estimate.data
  return (
    <aside aria-label="Preview">
      <h2>Preview</h2>
      <p className="counts" aria-live="polite" data-testid="creative-counts">
        {e
          ? `${e.character_count} characters · ${e.segment_count} ${e.segment_count === 1 ? 'segment' : 'segments'} · ${e.encoding}`
          : 'Counting…'}
      </p>
      {e?.encoding === 'UCS-2' && offender && (
        <p className="warning" data-testid="ucs2-reason">
          “<mark className="ucs2">{offender.char}</mark>” is not in GSM-7, so the whole message goes as UCS-2
          (70 characters a segment, 67 when split).
        </p>
      )}
      <ErrorNote error={estimate.error ?? settings.error} />
      <div className="phone">
        <p className="bubble" data-testid="phone-preview">
          {parts.map((p, i) => (
            <Part key={p.template ? `t${i}` : 'body'} text={p.text} template={p.template} mark={i === at} />
          ))}
        </p>
      </div>
      <p className="muted">
        The account's prefix and suffix (Settings → Account) are added on US numbers and counted; links count
        as 23 characters.
      </p>
    </aside>
  )
}

function Part({ text, template, mark }: { text: string; template: boolean; mark: boolean }) {
  const found = mark ? firstUcs2(text) : null
  const content = found ? (
    <>
      {found.before}
      <mark className="ucs2">{found.char}</mark>
      {found.after}
    </>
  ) : (
    text
  )
  return template ? <span className="template">{content}</span> : <span>{content}</span>
}
