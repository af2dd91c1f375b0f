// A condition step's fields: what it checks (a click or a send since enrollment, or a custom field) and the step
// each answer goes to.
import { FieldMatchFields, invalidProps } from './FieldMatchFields'
import { CONDITION_CHECKS, type ConditionCheck, type StepModel } from './model'
import type { StepFieldProps } from './SendMessageFields'
import { StepPicker } from './StepPicker'

const CHECK_NAMES: Record<ConditionCheck, string> = {
  clicked_since_enrollment: 'Clicked since enrolling',
  sent_since_enrollment: 'Was sent a message since enrolling',
  custom_field: 'A custom field',
}

export function ConditionFields(props: StepFieldProps & { steps: readonly StepModel[] }) {
  const { step, name, path, paths, errorId, readOnly, onChange, steps } = props
  const pick = (label: string, branch: 'yes' | 'no') => (
    <StepPicker
      label={label}
      name={`${name}: ${branch} goes to`}
      value={step[branch]}
      steps={steps}
      empty="Choose a step…"
      path={`${path}.${branch}`}
      paths={paths}
      errorId={errorId}
      readOnly={readOnly}
      onChange={(key) => onChange({ ...step, [branch]: key })}
    />
  )
  return (
    <>
      <label className="field">
        <span>Check</span>
        <select
          aria-label={`${name}: check`}
          value={step.check}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, check: e.target.value as ConditionCheck })}
          {...invalidProps(paths, `${path}.check`, errorId)}
        >
          {CONDITION_CHECKS.map((c) => (
            <option key={c} value={c}>
              {CHECK_NAMES[c]}
            </option>
          ))}
        </select>
      </label>
      {step.check === 'custom_field' && (
        <FieldMatchFields
          match={step.match}
          name={name}
          path={path}
          paths={paths}
          errorId={errorId}
          readOnly={readOnly}
          onChange={(match) => onChange({ ...step, match })}
        />
      )}
      {pick('If yes, go to', 'yes')}
      {pick('If no, go to', 'no')}
    </>
  )
}
