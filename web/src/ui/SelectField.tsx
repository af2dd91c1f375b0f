// A labelled single choice (React Aria Select: a button that opens a listbox, keyboard and screen-reader ready).
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue } from 'react-aria-components'

interface Props<K extends string> {
  label: string
  value: K
  options: ReadonlyArray<{ id: K; name: string }>
  onChange(value: K): void
  isDisabled?: boolean
}

export function SelectField<K extends string>({ label, value, options, onChange, isDisabled }: Props<K>) {
  return (
    <Select
      className="field select"
      selectedKey={value}
      onSelectionChange={(key) => key !== null && onChange(key as K)}
      isDisabled={isDisabled}
    >
      <Label>{label}</Label>
      <Button>
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover>
        <ListBox items={options}>{(item) => <ListBoxItem id={item.id}>{item.name}</ListBoxItem>}</ListBox>
      </Popover>
    </Select>
  )
}
