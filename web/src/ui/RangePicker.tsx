// The range control of a page: a preset, or two days; it writes the choice to the URL.
import { PRESETS, type PresetId } from './range'
import { SelectField } from './SelectField'
import { TextInput } from './TextInput'
import { useSearchUpdate } from './useSearchUpdate'

const CUSTOM = 'custom'

export function RangePicker({ fallback = 'today' }: { fallback?: PresetId }) {
  const [params, update] = useSearchUpdate()
  const custom = params.has('from') && params.has('to')
  const value = custom ? CUSTOM : (params.get('range') ?? fallback)
  const today = new Date().toLocaleDateString('en-CA')
  return (
    <div className="range-picker">
      <SelectField
        label="Range"
        value={value}
        options={[
          ...PRESETS.map(({ id, name }) => ({ id: id as string, name })),
          { id: CUSTOM, name: 'Custom…' },
        ]}
        onChange={(id) =>
          id === CUSTOM
            ? update({ range: null, from: params.get('from') ?? today, to: params.get('to') ?? today })
            : update({ range: id, from: null, to: null })
        }
      />
      {custom && (
        <>
          <TextInput
            label="From"
            type="date"
            value={params.get('from') ?? ''}
            onChange={(v) => update({ from: v })}
          />
          <TextInput
            label="To"
            type="date"
            value={params.get('to') ?? ''}
            onChange={(v) => update({ to: v })}
          />
        </>
      )}
    </div>
  )
}
