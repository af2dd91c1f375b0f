// A labelled text field (React Aria: label, description and error wired to the input for screen readers).
import { FieldError, Input, Label, Text, TextField, type TextFieldProps } from 'react-aria-components'

interface Props extends Omit<TextFieldProps, 'children'> {
  label: string
  description?: string
  errorMessage?: string
  autoComplete?: string
}

export function TextInput({ label, description, errorMessage, ...props }: Props) {
  return (
    <TextField className="field" {...props}>
      <Label>{label}</Label>
      <Input />
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{errorMessage}</FieldError>
    </TextField>
  )
}
