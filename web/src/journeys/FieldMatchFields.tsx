// A custom-field test (field, operator, value, and how the value is typed), shared by trigger conditions and
// condition steps. `name` prefixes every control's accessible name; `path` is the API path of the test.
import { FIELD_OPERATORS, type FieldMatchModel, type FieldOperator, type ValueType } from './model'

interface Props {
  match: FieldMatchModel
  name: string
  path: string
  paths: Set<string>
  errorId?: string
  readOnly: boolean
  onChange(match: FieldMatchModel): void
}

export function invalidProps(paths: Set<string>, path: string, errorId?: string) {
  return paths.has(path) ? { 'aria-invalid': true, ...(errorId ? { 'aria-describedby': errorId } : {}) } : {}
}

export function FieldMatchFields({ match, name, path, paths, errorId, readOnly, onChange }: Props) {
  const many = match.operator === 'in' || match.operator === 'not_in'
  return (
    <>
      <label className="field">
        <span>Custom field</span>
        <input
          aria-label={`${name}: custom field`}
          value={match.field}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...match, field: e.target.value })}
          {...invalidProps(paths, `${path}.field`, errorId)}
        />
      </label>
      <label className="field">
        <span>Operator</span>
        <select
          aria-label={`${name}: operator`}
          value={match.operator}
          disabled={readOnly}
          onChange={(e) => {
            const operator = e.target.value as FieldOperator
            onChange({
              ...match,
              operator,
              ...(operator === 'exists' ? { value: '', valueType: 'text' } : {}),
            })
          }}
          {...invalidProps(paths, `${path}.operator`, errorId)}
        >
          {FIELD_OPERATORS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      {match.operator === 'exists' ? (
        <label className="field">
          <span>Value</span>
          <select
            aria-label={`${name}: value`}
            value={match.value}
            disabled={readOnly}
            onChange={(e) => onChange({ ...match, value: e.target.value })}
            {...invalidProps(paths, `${path}.value`, errorId)}
          >
            <option value="">is set</option>
            <option value="true">is set (exists: true)</option>
            <option value="false">is not set (exists: false)</option>
          </select>
        </label>
      ) : (
        <>
          <label className="field">
            <span>{many ? 'Values (comma-separated)' : 'Value'}</span>
            <input
              aria-label={`${name}: value`}
              value={match.value}
              readOnly={readOnly}
              onChange={(e) => onChange({ ...match, value: e.target.value })}
              {...invalidProps(paths, `${path}.value`, errorId)}
            />
          </label>
          <ValueTypeSelect
            label="Compare as"
            name={name}
            value={match.valueType}
            readOnly={readOnly}
            onChange={(valueType) => onChange({ ...match, valueType })}
          />
        </>
      )}
    </>
  )
}

/** How a typed value is read: as text, a number or true/false (a custom-field match and set_custom_field). */
export function ValueTypeSelect(props: {
  label: 'Compare as' | 'Store as'
  name: string
  value: ValueType
  readOnly: boolean
  onChange(valueType: ValueType): void
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        aria-label={`${props.name}: ${props.label.toLowerCase()}`}
        value={props.value}
        disabled={props.readOnly}
        onChange={(e) => props.onChange(e.target.value as ValueType)}
      >
        <option value="text">text</option>
        <option value="number">number</option>
        <option value="boolean">true/false</option>
      </select>
    </label>
  )
}
