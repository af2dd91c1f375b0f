// The query parameters one {{linkN}} adds to its offer's URL for this creative (e.g. sub1=spring): name and value
// rows, added and removed; a problem with them (a value without a name, a name twice) shows under the rows.
import { Button } from 'react-aria-components'
import { TextInput } from '../ui/TextInput'
import type { ParamRow } from './linkParams'

interface Props {
  linkKey: string
  rows: ParamRow[]
  problem: string | undefined
  onChange(rows: ParamRow[]): void
}

export function UrlParamsEditor({ linkKey, rows, problem, onChange }: Props) {
  const label = `{{${linkKey}}}`
  const update = (index: number, change: Partial<ParamRow>) =>
    onChange(rows.map((r, i) => (i === index ? { ...r, ...change } : r)))
  return (
    <fieldset className="url-params" aria-invalid={problem ? true : undefined}>
      <legend>URL parameters of {label}</legend>
      {rows.length === 0 && <p className="muted">The offer’s URL as it is.</p>}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
        <div className="param-row" key={i}>
          <TextInput
            label={`${label} key ${i + 1}`}
            value={row.name}
            onChange={(name) => update(i, { name })}
            isInvalid={Boolean(problem) && row.name.trim() === '' && row.value.trim() !== ''}
          />
          <TextInput
            label={`${label} value ${i + 1}`}
            value={row.value}
            onChange={(value) => update(i, { value })}
          />
          <Button
            aria-label={`Remove ${label} parameter ${i + 1}`}
            onPress={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
          </Button>
        </div>
      ))}
      <Button onPress={() => onChange([...rows, { name: '', value: '' }])}>Add parameter to {label}</Button>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  )
}
