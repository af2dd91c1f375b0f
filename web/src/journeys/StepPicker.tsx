// A choice of one of the journey's steps (a condition's yes/no, a step's `next`), each named by its number, type
// and id, so a branch reads "Step 5 (Exit: bye)" rather than an index.
import { invalidProps } from './FieldMatchFields'
import { type StepModel, stepLabel } from './model'

interface Props {
  label: string
  /** The accessible name: "Step 3: yes goes to". */
  name: string
  value: string
  steps: readonly StepModel[]
  /** The text of the empty choice ('' offers none). */
  empty: string
  path: string
  paths: Set<string>
  errorId: string
  readOnly: boolean
  onChange(key: string): void
}

export function StepPicker({
  label,
  name,
  value,
  steps,
  empty,
  path,
  paths,
  errorId,
  readOnly,
  onChange,
}: Props) {
  return (
    <label className="field">
      <span>{label}</span>
      <select
        aria-label={name}
        value={value}
        disabled={readOnly}
        onChange={(e) => onChange(e.target.value)}
        {...invalidProps(paths, path, errorId)}
      >
        <option value="">{empty}</option>
        {steps.map((s) => (
          <option key={s.key} value={s.key}>
            {stepLabel(steps, s.key)}
          </option>
        ))}
      </select>
    </label>
  )
}
