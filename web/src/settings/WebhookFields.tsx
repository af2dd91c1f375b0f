// The fields of a webhook endpoint (URL, events, description), shared by the register and edit forms; each shows
// its problem beside it.
import { Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components'
import { TextInput } from '../ui/TextInput'
import {
  DESCRIPTION_LIMIT,
  EVENT_OPTIONS,
  type WebhookEvent,
  type WebhookField,
  type WebhookFormValues,
} from './webhookRules'

interface Props {
  values: WebhookFormValues
  errors: Partial<Record<WebhookField, string>>
  set<K extends WebhookField>(field: K, value: WebhookFormValues[K]): void
}

export function WebhookFields({ values, errors, set }: Props) {
  const problem = (field: WebhookField) => ({
    isInvalid: Boolean(errors[field]),
    ...(errors[field] ? { errorMessage: errors[field] } : {}),
  })
  return (
    <>
      <TextInput
        label="URL"
        name="url"
        type="url"
        description="Receives a signed JSON POST for each event (https, on a public host)."
        value={values.url}
        onChange={(v) => set('url', v)}
        {...problem('url')}
      />
      <CheckboxGroup
        className="field checkbox-group"
        value={values.events}
        onChange={(v) => set('events', v as WebhookEvent[])}
        isInvalid={Boolean(errors.events)}
      >
        <Label>Events</Label>
        {EVENT_OPTIONS.map((o) => (
          <Checkbox key={o.id} value={o.id} className="checkbox">
            <span className="checkbox-box" aria-hidden="true" />
            {o.name} <code>{o.id}</code>
          </Checkbox>
        ))}
        <Text slot="description">Only these events are sent to this URL.</Text>
        <FieldError>{errors.events}</FieldError>
      </CheckboxGroup>
      <TextInput
        label="Description"
        name="description"
        description={`Optional; at most ${DESCRIPTION_LIMIT} characters.`}
        value={values.description}
        onChange={(v) => set('description', v)}
        {...problem('description')}
      />
    </>
  )
}
