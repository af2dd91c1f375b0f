// One step of the journey: its type, optional id, the fields of its type, the step it goes to next, and the
// controls that move or remove it; the errors the API or the client found for it sit beside it.
import { ConditionFields } from './ConditionFields'
import { invalidProps } from './FieldMatchFields'
import { HAS_NEXT, STEP_NAMES, STEP_TYPES, type StepModel, type StepType } from './model'
import { type Option, SendMessageFields } from './SendMessageFields'
import { SetFieldFields, WaitFields, WaitUntilFields } from './SimpleStepFields'
import { StepPicker } from './StepPicker'

interface Props {
  index: number
  steps: readonly StepModel[]
  errors: string[]
  paths: Set<string>
  creatives: readonly Option[]
  offers: readonly Option[]
  readOnly: boolean
  onChange(step: StepModel): void
  onMove(by: -1 | 1): void
  onRemove(): void
}

export function StepEditor({
  index,
  steps,
  errors,
  paths,
  creatives,
  offers,
  readOnly,
  onChange,
  onMove,
  onRemove,
}: Props) {
  const step = steps[index]!
  const name = `Step ${index + 1}`
  const path = `steps[${index}]`
  const errorId = `${step.key}-error`
  const common = { step, name, path, paths, errorId, readOnly, onChange }
  return (
    <fieldset className="journey-step">
      <legend>
        {name}: {STEP_NAMES[step.type]}
      </legend>
      <div className="journey-fields">
        <label className="field">
          <span>Type</span>
          <select
            aria-label={`${name}: type`}
            value={step.type}
            disabled={readOnly}
            onChange={(e) => onChange({ ...step, type: e.target.value as StepType })}
            {...invalidProps(paths, `${path}.type`, errorId)}
          >
            {STEP_TYPES.map((t) => (
              <option key={t} value={t}>
                {STEP_NAMES[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Id (optional)</span>
          <input
            aria-label={`${name}: id`}
            value={step.id}
            readOnly={readOnly}
            onChange={(e) => onChange({ ...step, id: e.target.value })}
            {...invalidProps(paths, `${path}.id`, errorId)}
          />
        </label>
        {step.type === 'send_message' && (
          <SendMessageFields {...common} creatives={creatives} offers={offers} />
        )}
        {step.type === 'wait' && <WaitFields {...common} />}
        {step.type === 'condition' && <ConditionFields {...common} steps={steps} />}
        {step.type === 'wait_until' && <WaitUntilFields {...common} />}
        {step.type === 'set_custom_field' && <SetFieldFields {...common} />}
        {step.type === 'unsubscribe' && (
          <p className="muted">Unsubscribes the contact from the list and ends the journey.</p>
        )}
        {step.type === 'exit' && <p className="muted">Ends the journey.</p>}
        {HAS_NEXT[step.type] && (
          <StepPicker
            label="Then"
            name={`${name}: next step`}
            value={step.next}
            steps={steps}
            empty={index + 1 < steps.length ? `Step ${index + 2} (the next)` : 'End the journey'}
            path={`${path}.next`}
            paths={paths}
            errorId={errorId}
            readOnly={readOnly}
            onChange={(next) => onChange({ ...step, next })}
          />
        )}
      </div>
      {errors.length > 0 && (
        <p id={errorId} className="error" role="alert">
          {errors.join(' ')}
        </p>
      )}
      {!readOnly && (
        <p className="controls">
          <button
            type="button"
            aria-label={`Move step ${index + 1} up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            Move up
          </button>
          <button
            type="button"
            aria-label={`Move step ${index + 1} down`}
            disabled={index === steps.length - 1}
            onClick={() => onMove(1)}
          >
            Move down
          </button>
          <button type="button" aria-label={`Remove step ${index + 1}`} onClick={onRemove}>
            Remove
          </button>
        </p>
      )}
    </fieldset>
  )
}
