// One blast variant of the builder: its name, message, share of the audience, and an offer for each {{linkN}}.
import { Button, FieldError, Label, Text, TextArea, TextField } from 'react-aria-components'
import { linkKeys } from '../../creatives/creativeRules'
import { TextInput } from '../../ui/TextInput'
import { type BuilderErrors, linkField, type VariantValues, variantField } from './builderRules'
import { Picker } from './Picker'

interface Props {
  index: number
  variant: VariantValues
  errors: BuilderErrors
  /** The sum rule's message, shown under this variant's percent (the last one). */
  percentError: string | undefined
  percentInvalid: boolean
  offers: ReadonlyArray<{ id: string; name: string }>
  onChange(variant: VariantValues): void
  onRemove: (() => void) | undefined
}

export function VariantFields({
  index,
  variant,
  errors,
  percentError,
  percentInvalid,
  offers,
  onChange,
  onRemove,
}: Props) {
  const n = index + 1
  const nameError = errors[variantField(index, 'name')]
  const messageError = errors[variantField(index, 'message')]
  return (
    <fieldset className="variant">
      <legend>Variant {n}</legend>
      <TextInput
        label={`Variant ${n} name`}
        description="Optional; reports name the variant by it"
        value={variant.name}
        onChange={(name) => onChange({ ...variant, name })}
        isInvalid={Boolean(nameError)}
        {...(nameError ? { errorMessage: nameError } : {})}
      />
      <TextField
        className="field"
        value={variant.message}
        onChange={(message) => onChange({ ...variant, message })}
        isInvalid={Boolean(messageError)}
      >
        <Label>Variant {n} message</Label>
        <TextArea rows={3} />
        <Text slot="description">
          Put {'{{link1}}'}, {'{{link2}}'}… where the offer links go.
        </Text>
        <FieldError>{messageError}</FieldError>
      </TextField>
      {linkKeys(variant.message).map((key) => {
        const error = errors[linkField(index, key)]
        return (
          <Picker
            key={key}
            label={`Variant ${n} ${key} offer`}
            placeholder="Choose an offer"
            value={variant.offers[key] ?? null}
            options={offers}
            onChange={(offerId) => onChange({ ...variant, offers: { ...variant.offers, [key]: offerId } })}
            errorMessage={error}
          />
        )
      })}
      <TextInput
        label={`Variant ${n} percent`}
        description="Share of the audience (outside the automated share); all variants add up to 100"
        inputMode="numeric"
        value={variant.percent}
        onChange={(percent) => onChange({ ...variant, percent })}
        isInvalid={percentInvalid}
        {...(percentError ? { errorMessage: percentError } : {})}
      />
      {onRemove && <Button onPress={onRemove}>Remove variant {n}</Button>}
    </fieldset>
  )
}
