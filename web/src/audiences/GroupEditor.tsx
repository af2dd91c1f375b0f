// One group of the audience builder: AND/OR, its conditions and nested groups, each condition with the API's
// errors beside it. Native selects keep every control labelled and keyboard-ready without a popover.
import {
  type ConditionModel,
  FIELDS,
  type GroupModel,
  type GroupOperator,
  KINDS,
  type Kind,
  newCondition,
  newGroup,
  type TimeUnit,
  UNITS,
  VALIDATION_STATUSES,
  type ValueType,
  valueShape,
  withField,
  withOperator,
} from './model'

const MAX_DEPTH = 10

interface ListOption {
  id: number
  name: string
}

interface Props {
  group: GroupModel
  depth: number
  /** How controls of this group are named for screen readers: '' at the top, 'Group 1, ' inside. */
  prefix: string
  errors: Map<string, string[]>
  lists: readonly ListOption[]
  readOnly: boolean
  onChange(group: GroupModel): void
  onRemove?: () => void
}

export function GroupEditor({ group, depth, prefix, errors, lists, readOnly, onChange, onRemove }: Props) {
  const setCondition = (i: number, c: ConditionModel) =>
    onChange({ ...group, conditions: group.conditions.map((old, j) => (j === i ? c : old)) })
  const groupErrors = depth > 1 ? (errors.get(group.id) ?? []) : []
  return (
    <fieldset className="audience-group">
      <legend>{depth === 1 ? 'Who is in the audience' : 'Nested group'}</legend>
      <label className="field">
        <span>Match</span>
        <select
          aria-label={depth === 1 ? 'Match' : `${prefix}match`}
          value={group.operator}
          disabled={readOnly}
          onChange={(e) => onChange({ ...group, operator: e.target.value as GroupOperator })}
        >
          <option value="AND">all of these (AND)</option>
          <option value="OR">any of these (OR)</option>
        </select>
      </label>
      {groupErrors.map((e) => (
        <p key={e} className="error" role="alert">
          {e}
        </p>
      ))}
      <ol className="audience-conditions">
        {group.conditions.map((c, i) => (
          <li key={c.id}>
            <ConditionEditor
              condition={c}
              name={prefix ? `${prefix}condition ${i + 1}` : `Condition ${i + 1}`}
              errors={errors.get(c.id) ?? []}
              lists={lists}
              readOnly={readOnly}
              onChange={(next) => setCondition(i, next)}
              onRemove={() => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) })}
            />
          </li>
        ))}
      </ol>
      {group.groups.map((sub, i) => (
        <GroupEditor
          key={sub.id}
          group={sub}
          depth={depth + 1}
          prefix={`${prefix ? prefix.replace(/, $/, '.') : 'Group '}${i + 1}, `}
          errors={errors}
          lists={lists}
          readOnly={readOnly}
          onChange={(next) =>
            onChange({ ...group, groups: group.groups.map((g, j) => (j === i ? next : g)) })
          }
          onRemove={() => onChange({ ...group, groups: group.groups.filter((_, j) => j !== i) })}
        />
      ))}
      {!readOnly && (
        <p className="controls">
          <button
            type="button"
            onClick={() => onChange({ ...group, conditions: [...group.conditions, newCondition()] })}
          >
            Add condition
          </button>
          {depth < MAX_DEPTH && (
            <button
              type="button"
              onClick={() => {
                const sub = newGroup(group.operator === 'AND' ? 'OR' : 'AND')
                sub.conditions.push(newCondition())
                onChange({ ...group, groups: [...group.groups, sub] })
              }}
            >
              Add group
            </button>
          )}
          {onRemove && (
            <button
              type="button"
              onClick={onRemove}
              aria-label={`Remove ${prefix.replace(/, $/, '').toLowerCase()}`}
            >
              Remove group
            </button>
          )}
        </p>
      )}
    </fieldset>
  )
}

interface ConditionProps {
  condition: ConditionModel
  name: string
  errors: string[]
  lists: readonly ListOption[]
  readOnly: boolean
  onChange(c: ConditionModel): void
  onRemove(): void
}

function ConditionEditor({
  condition: c,
  name,
  errors,
  lists,
  readOnly,
  onChange,
  onRemove,
}: ConditionProps) {
  const errorId = `${c.id}-error`
  const described = errors.length > 0 ? { 'aria-describedby': errorId, 'aria-invalid': true } : {}
  const fields = FIELDS[c.kind]
  const operators = fields.find((f) => f.id === c.field)?.operators ?? []
  const shape = valueShape(c)
  const chosen = new Set(
    c.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen)
    if (on) next.add(id)
    else next.delete(id)
    onChange({ ...c, value: [...next].join(', ') })
  }
  return (
    <fieldset className="audience-condition">
      <legend className="visually-hidden">{name}</legend>
      <label className="field">
        <span>Kind</span>
        <select
          aria-label={`${name}: kind`}
          value={c.kind}
          disabled={readOnly}
          onChange={(e) => {
            const kind = e.target.value as Kind
            onChange(withField(c, kind, FIELDS[kind][0]?.id ?? ''))
          }}
        >
          {KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
      </label>
      {fields.length > 1 && (
        <label className="field">
          <span>Field</span>
          <select
            aria-label={`${name}: field`}
            value={c.field}
            disabled={readOnly}
            onChange={(e) => onChange(withField(c, c.kind, e.target.value))}
          >
            {fields.map((f) => (
              <option key={f.id} value={f.id}>
                {f.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {c.kind === 'custom_field' && (
        <label className="field">
          <span>Field key</span>
          <input
            aria-label={`${name}: field key`}
            value={c.key}
            readOnly={readOnly}
            onChange={(e) => onChange({ ...c, key: e.target.value })}
          />
        </label>
      )}
      <label className="field">
        <span>Operator</span>
        <select
          aria-label={`${name}: operator`}
          value={c.operator}
          disabled={readOnly}
          onChange={(e) => onChange(withOperator(c, e.target.value))}
        >
          {operators.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      {(shape === 'number' || shape === 'duration' || shape === 'scalar' || shape === 'scalars') && (
        <label className="field">
          <span>{shape === 'scalars' ? 'Values (comma-separated)' : 'Value'}</span>
          <input
            aria-label={`${name}: value`}
            value={c.value}
            readOnly={readOnly}
            inputMode={shape === 'number' || shape === 'duration' ? 'decimal' : undefined}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
            {...described}
          />
        </label>
      )}
      {shape === 'duration' && (
        <label className="field">
          <span>Unit</span>
          <select
            aria-label={`${name}: unit`}
            value={c.unit}
            disabled={readOnly}
            onChange={(e) => onChange({ ...c, unit: e.target.value as TimeUnit })}
          >
            {UNITS.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </label>
      )}
      {(shape === 'scalar' || shape === 'scalars') && (
        <label className="field">
          <span>Compare as</span>
          <select
            aria-label={`${name}: compare as`}
            value={c.valueType}
            disabled={readOnly}
            onChange={(e) => onChange({ ...c, valueType: e.target.value as ValueType })}
          >
            <option value="text">text</option>
            <option value="number">number</option>
            <option value="boolean">true/false</option>
          </select>
        </label>
      )}
      {shape === 'boolean' && (
        <label className="field">
          <span>Value</span>
          <select
            aria-label={`${name}: value`}
            value={c.value}
            disabled={readOnly}
            onChange={(e) => onChange({ ...c, value: e.target.value })}
          >
            <option value="true">true</option>
            <option value="false">false</option>
          </select>
        </label>
      )}
      {(shape === 'lists' || shape === 'statuses') && (
        <fieldset className="field" aria-describedby={errors.length > 0 ? errorId : undefined}>
          <legend>{shape === 'lists' ? 'Lists' : 'Statuses'}</legend>
          {(shape === 'lists'
            ? lists.map((l) => ({ id: String(l.id), name: l.name }))
            : VALIDATION_STATUSES.map((s) => ({ id: s, name: s }))
          ).map((o) => (
            <label key={o.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(o.id)}
                disabled={readOnly}
                onChange={(e) => toggle(o.id, e.target.checked)}
              />{' '}
              {o.name}
            </label>
          ))}
        </fieldset>
      )}
      {!readOnly && (
        <button type="button" onClick={onRemove} aria-label={`Remove ${name.toLowerCase()}`}>
          Remove
        </button>
      )}
      {errors.length > 0 && (
        <p id={errorId} className="error" role="alert">
          {errors.join(' ')}
        </p>
      )}
    </fieldset>
  )
}
