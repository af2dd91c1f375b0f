// The fields of the simple steps: wait (amount and unit), wait_until (HH:MM), set_custom_field (field, value and
// how the value is typed). unsubscribe and exit have none.
import { invalidProps, ValueTypeSelect } from './FieldMatchFields'
import { WAIT_UNITS, type WaitUnit } from './model'
import type { StepFieldProps } from './SendMessageFields'

export function WaitFields({ step, name, path, paths, errorId, readOnly, onChange }: StepFieldProps) {
  return (
    <>
      <label className="field">
        <span>Wait for</span>
        <input
          aria-label={`${name}: amount`}
          inputMode="numeric"
          value={step.amount}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...step, amount: e.target.value })}
          {...invalidProps(paths, `${path}.amount`, errorId)}
        />
      </label>
      <label className="field">
        <span>Unit</span>
        <select
          aria-label={`${name}: unit`}
          value={step.unit}
          disabled={readOnly}
          onChange={(e) => onChange({ ...step, unit: e.target.value as WaitUnit })}
          {...invalidProps(paths, `${path}.unit`, errorId)}
        >
          {WAIT_UNITS.map((u) => (
            <option key={u}>{u}</option>
          ))}
        </select>
      </label>
    </>
  )
}

export function WaitUntilFields({ step, name, path, paths, errorId, readOnly, onChange }: StepFieldProps) {
  return (
    <label className="field">
      <span>Until (HH:MM, the contact's time)</span>
      <input
        aria-label={`${name}: time`}
        placeholder="10:00"
        value={step.time}
        readOnly={readOnly}
        onChange={(e) => onChange({ ...step, time: e.target.value })}
        {...invalidProps(paths, `${path}.time`, errorId)}
      />
    </label>
  )
}

export function SetFieldFields({ step, name, path, paths, errorId, readOnly, onChange }: StepFieldProps) {
  return (
    <>
      <label className="field">
        <span>Custom field</span>
        <input
          aria-label={`${name}: custom field`}
          value={step.field}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...step, field: e.target.value })}
          {...invalidProps(paths, `${path}.field`, errorId)}
        />
      </label>
      <label className="field">
        <span>Value</span>
        <input
          aria-label={`${name}: value`}
          value={step.value}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...step, value: e.target.value })}
          {...invalidProps(paths, `${path}.value`, errorId)}
        />
      </label>
      <ValueTypeSelect
        label="Store as"
        name={name}
        value={step.valueType}
        readOnly={readOnly}
        onChange={(valueType) => onChange({ ...step, valueType })}
      />
    </>
  )
}
