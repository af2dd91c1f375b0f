// The custom field a report groups by, applied on submit (not per keystroke: each one would be a query).
import { useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { TextInput } from '../ui/TextInput'

export function CustomFieldInput({ value, onApply }: { value: string; onApply(field: string | null): void }) {
  const [draft, setDraft] = useState(value)
  return (
    <Form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault()
        onApply(draft.trim() || null)
      }}
    >
      <TextInput label="Custom field" value={draft} onChange={setDraft} />
      <Button type="submit">Apply</Button>
    </Form>
  )
}
