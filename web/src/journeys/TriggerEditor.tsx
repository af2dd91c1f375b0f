// The journey's trigger: an AND/OR group of conditions (joined a list, signup method, custom field) and nested
// groups, at most five deep, each condition with the errors its path collected beside it.
import { FieldMatchFields, invalidProps } from './FieldMatchFields'
import {
  type GroupOperator,
  newTriggerCondition,
  newTriggerGroup,
  TRIGGER_TYPES,
  type TriggerConditionModel,
  type TriggerGroupModel,
  type TriggerType,
} from './model'

const MAX_DEPTH = 5
const TYPE_NAMES: Record<TriggerType, string> = {
  list: 'Joined list',
  signup_method: 'Signup method',
  custom_field: 'Custom field',
}

export interface ListOption {
  id: number
  name: string
}

interface Props {
  group: TriggerGroupModel
  depth: number
  /** API path of this group: 'trigger', 'trigger.groups[0]'… */
  path: string
  /** How this group's controls are named: 'Trigger' at the top, 'Group 1' and 'Group 1.2' inside. */
  name: string
  errors: Map<string, string[]>
  paths: Set<string>
  lists: readonly ListOption[]
  readOnly: boolean
  onChange(group: TriggerGroupModel): void
  onRemove?: () => void
}

export function TriggerEditor(props: Props) {
  const { group, depth, path, name, errors, paths, lists, readOnly, onChange, onRemove } = props
  const groupErrors = errors.get(group.key) ?? []
  const errorId = `${group.key}-error`
  return (
    <fieldset className="journey-group">
      <legend>
        {depth === 1 ? 'Trigger: who enters the journey on joining a list' : `Nested ${name.toLowerCase()}`}
      </legend>
      <label className="field">
        <span>Match</span>
        <select
          aria-label={`${name}: match`}
          value={group.operator}
          disabled={readOnly}
          onChange={(e) => onChange({ ...group, operator: e.target.value as GroupOperator })}
        >
          <option value="AND">all of these (AND)</option>
          <option value="OR">any of these (OR)</option>
        </select>
      </label>
      {groupErrors.length > 0 && (
        <p id={errorId} className="error" role="alert">
          {groupErrors.join(' ')}
        </p>
      )}
      <ol className="journey-conditions">
        {group.conditions.map((c, i) => (
          <li key={c.key}>
            <ConditionEditor
              condition={c}
              name={`${name} condition ${i + 1}`}
              path={`${path}.conditions[${i}]`}
              errors={errors.get(c.key) ?? []}
              paths={paths}
              lists={lists}
              readOnly={readOnly}
              onChange={(next) =>
                onChange({ ...group, conditions: group.conditions.map((old, j) => (j === i ? next : old)) })
              }
              onRemove={() => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) })}
            />
          </li>
        ))}
      </ol>
      {group.groups.map((sub, i) => (
        <TriggerEditor
          key={sub.key}
          {...props}
          group={sub}
          depth={depth + 1}
          path={`${path}.groups[${i}]`}
          name={depth === 1 ? `Group ${i + 1}` : `${name}.${i + 1}`}
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
            aria-label={`${name}: add condition`}
            onClick={() => onChange({ ...group, conditions: [...group.conditions, newTriggerCondition()] })}
          >
            Add condition
          </button>
          {depth < MAX_DEPTH && (
            <button
              type="button"
              aria-label={`${name}: add group`}
              onClick={() => {
                const sub = newTriggerGroup(group.operator === 'AND' ? 'OR' : 'AND')
                sub.conditions.push(newTriggerCondition())
                onChange({ ...group, groups: [...group.groups, sub] })
              }}
            >
              Add group
            </button>
          )}
          {onRemove && (
            <button type="button" onClick={onRemove} aria-label={`Remove ${name.toLowerCase()}`}>
              Remove group
            </button>
          )}
        </p>
      )}
    </fieldset>
  )
}

interface ConditionProps {
  condition: TriggerConditionModel
  name: string
  path: string
  errors: string[]
  paths: Set<string>
  lists: readonly ListOption[]
  readOnly: boolean
  onChange(c: TriggerConditionModel): void
  onRemove(): void
}

function ConditionEditor({
  condition: c,
  name,
  path,
  errors,
  paths,
  lists,
  readOnly,
  onChange,
  onRemove,
}: ConditionProps) {
  const errorId = `${c.key}-error`
  return (
    <fieldset className="journey-condition">
      <legend className="visually-hidden">{name}</legend>
      <label className="field">
        <span>Kind</span>
        <select
          aria-label={`${name}: kind`}
          value={c.type}
          disabled={readOnly}
          onChange={(e) => onChange({ ...c, type: e.target.value as TriggerType })}
          {...invalidProps(paths, `${path}.type`, errorId)}
        >
          {TRIGGER_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_NAMES[t]}
            </option>
          ))}
        </select>
      </label>
      {c.type === 'list' && (
        <label className="field">
          <span>List</span>
          <select
            aria-label={`${name}: list`}
            value={c.listId}
            disabled={readOnly}
            onChange={(e) => onChange({ ...c, listId: e.target.value })}
            {...invalidProps(paths, `${path}.list_id`, errorId)}
          >
            <option value="">Choose a list…</option>
            {lists.map((l) => (
              <option key={l.id} value={String(l.id)}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {c.type === 'signup_method' && (
        <label className="field">
          <span>Signup method</span>
          <input
            aria-label={`${name}: signup method`}
            list="journey-signup-methods"
            value={c.method}
            readOnly={readOnly}
            onChange={(e) => onChange({ ...c, method: e.target.value })}
            {...invalidProps(paths, `${path}.value`, errorId)}
          />
        </label>
      )}
      {c.type === 'custom_field' && (
        <FieldMatchFields
          match={c.match}
          name={name}
          path={path}
          paths={paths}
          errorId={errorId}
          readOnly={readOnly}
          onChange={(match) => onChange({ ...c, match })}
        />
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

/** Suggestions for the signup method field (any text is allowed). */
export function SignupMethods() {
  return (
    <datalist id="journey-signup-methods">
      {['api', 'import', 'keyword'].map((m) => (
        <option key={m} value={m} />
      ))}
    </datalist>
  )
}
