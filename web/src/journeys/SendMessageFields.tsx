// A send_message step's fields: one of the account's creatives, or an inline message whose {{linkN}}
// placeholders each get an offer (as the creative editor binds them).
import { linkKeys } from '../creatives/creativeRules'
import { invalidProps } from './FieldMatchFields'
import type { StepModel } from './model'

export interface Option {
  id: string
  name: string
}

export interface StepFieldProps {
  step: StepModel
  /** "Step 3": the prefix of every control's accessible name. */
  name: string
  path: string
  paths: Set<string>
  errorId: string
  readOnly: boolean
  onChange(step: StepModel): void
}

export function SendMessageFields({
  step,
  name,
  path,
  paths,
  errorId,
  readOnly,
  onChange,
  creatives,
  offers,
}: StepFieldProps & { creatives: readonly Option[]; offers: readonly Option[] }) {
  const keys = linkKeys(step.message)
  return (
    <>
      <fieldset className="field journey-source">
        <legend>Message from</legend>
        {(['message', 'creative'] as const).map((source) => (
          <label key={source} className="checkbox">
            <input
              type="radio"
              name={`${step.key}-source`}
              value={source}
              checked={step.source === source}
              disabled={readOnly}
              onChange={() => onChange({ ...step, source })}
            />{' '}
            {source === 'message' ? 'Inline message' : 'A creative'}
          </label>
        ))}
      </fieldset>
      {step.source === 'creative' ? (
        <label className="field">
          <span>Creative</span>
          <select
            aria-label={`${name}: creative`}
            value={step.creativeId}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, creativeId: e.target.value })}
            {...invalidProps(paths, `${path}.creative_id`, errorId)}
          >
            <option value="">Choose a creative…</option>
            {creatives.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label className="field journey-message">
            <span>Message</span>
            <textarea
              aria-label={`${name}: message`}
              rows={3}
              value={step.message}
              readOnly={readOnly}
              onChange={(e) => onChange({ ...step, message: e.target.value })}
              {...invalidProps(paths, `${path}.message`, errorId)}
            />
          </label>
          <p className="muted journey-hint">
            {'{{first_name}}'}, {'{{brand_name}}'} and custom fields are filled in; each {'{{link1}}'},{' '}
            {'{{link2}}'}… becomes a tracked link to the offer chosen for it.
          </p>
          {keys.map((key) => (
            <label key={key} className="field">
              <span>Offer for {`{{${key}}}`}</span>
              <select
                aria-label={`${name}: offer for {{${key}}}`}
                value={step.links[key] ?? ''}
                disabled={readOnly}
                onChange={(e) => onChange({ ...step, links: { ...step.links, [key]: e.target.value } })}
                {...invalidProps(paths, `${path}.offer_links`, errorId)}
              >
                <option value="">Choose an offer…</option>
                {offers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </>
      )}
    </>
  )
}
