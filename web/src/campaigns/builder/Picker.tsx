// A labelled single choice (React Aria Select) that can be marked invalid with the refusal beside it, for the
// builder's sending list and offer bindings.
import {
  Button,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components'

interface Props {
  label: string
  value: string | null
  placeholder: string
  options: ReadonlyArray<{ id: string; name: string }>
  onChange(value: string): void
  errorMessage?: string | undefined
}

export function Picker({ label, value, placeholder, options, onChange, errorMessage }: Props) {
  return (
    <Select
      className="field select"
      selectedKey={value}
      onSelectionChange={(key) => key !== null && onChange(String(key))}
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
      placeholder={placeholder}
    >
      <Label>{label}</Label>
      <Button>
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <FieldError>{errorMessage}</FieldError>
      <Popover>
        <ListBox items={options}>{(item) => <ListBoxItem id={item.id}>{item.name}</ListBoxItem>}</ListBox>
      </Popover>
    </Select>
  )
}
