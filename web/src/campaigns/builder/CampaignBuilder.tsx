// The campaign builder (new and edit): the schedule's fields and its variants, checked on the client with the API's
// rules; Review asks the API for the estimate of the same body (its refusals shown beside their fields), then the
// final action creates or saves it.
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Button, Form } from 'react-aria-components'
import { ApiError, api, unwrap } from '../../api/client'
import { ErrorNote } from '../../ui/ErrorNote'
import {
  type BuilderErrors,
  type BuilderValues,
  bodyOf,
  emptyVariant,
  fieldOfApiError,
  type VariantValues,
  validateBuilder,
} from './builderRules'
import { ReviewStep, type ScheduleEstimate } from './ReviewStep'
import { ScheduleFields } from './ScheduleFields'
import { useBuilderOptions } from './useBuilderOptions'
import { VariantFields } from './VariantFields'

interface Props {
  initial: BuilderValues
  submitLabel: string
  onSubmit(body: ReturnType<typeof bodyOf>): Promise<{ schedule: { id: string } }>
  onSaved(id: string): void
}

export function CampaignBuilder({ initial, submitLabel, onSubmit, onSaved }: Props) {
  const options = useBuilderOptions()
  const [values, setValues] = useState(initial)
  const [errors, setErrors] = useState<BuilderErrors>({})
  const [estimate, setEstimate] = useState<ScheduleEstimate | null>(null)

  // An API refusal goes beside its field (back on the form); one without a field shows as a note.
  const placeError = (err: unknown): boolean => {
    const field = err instanceof ApiError ? fieldOfApiError(err.code, err.message, values) : undefined
    if (!field || !(err instanceof ApiError)) return false
    setErrors({ [field]: err.message })
    setEstimate(null)
    return true
  }
  const review = useMutation({
    mutationFn: (v: BuilderValues) => unwrap(api.POST('/api/v2/schedules/estimate', { body: bodyOf(v) })),
    onSuccess: (e) => setEstimate(e),
    onError: placeError,
  })
  const save = useMutation({
    mutationFn: () => onSubmit(bodyOf(values)),
    onSuccess: (reply) => onSaved(reply.schedule.id),
    onError: placeError,
  })

  const set = <K extends keyof BuilderValues>(field: K, value: BuilderValues[K], errorField?: string) => {
    setValues((v) => ({ ...v, [field]: value }))
    if (errorField) setErrors((e) => ({ ...e, [errorField]: undefined }))
    review.reset()
    save.reset()
  }
  const setVariant = (index: number, variant: VariantValues) => {
    const before = values.variants[index]
    set(
      'variants',
      values.variants.map((v, i) => (i === index ? variant : v)),
    )
    setErrors((e) => {
      const next = { ...e }
      for (const key of Object.keys(next)) if (key.startsWith(`variant.${index}.`)) delete next[key]
      if (before?.percent !== variant.percent) delete next.percents
      return next
    })
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const found = validateBuilder(values)
    setErrors(found)
    if (Object.keys(found).length === 0) review.mutate(values)
  }

  if (estimate) {
    return (
      <ReviewStep
        estimate={estimate}
        submitLabel={submitLabel}
        isSubmitting={save.isPending}
        error={
          save.error instanceof ApiError && fieldOfApiError(save.error.code, save.error.message, values)
            ? null
            : save.error
        }
        onBack={() => setEstimate(null)}
        onSubmit={() => save.mutate()}
      />
    )
  }
  const general =
    review.error instanceof ApiError && fieldOfApiError(review.error.code, review.error.message, values)
      ? null
      : review.error
  const last = values.variants.length - 1
  return (
    <Form onSubmit={submit} className="settings-form campaign-builder" validationBehavior="aria">
      <ErrorNote error={options.error} />
      <ScheduleFields
        values={values}
        errors={errors}
        lists={options.lists}
        audiences={options.audiences}
        audiencesLoaded={!options.isPending}
        set={set}
      />
      <h2>Variants</h2>
      {values.variants.map((variant, index) => (
        <VariantFields
          // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its position (Variant 1, 2 …)
          key={index}
          index={index}
          variant={variant}
          errors={errors}
          percentInvalid={Boolean(errors.percents)}
          percentError={index === last ? errors.percents : undefined}
          offers={options.offers}
          onChange={(v) => setVariant(index, v)}
          onRemove={
            values.variants.length > 1
              ? () => {
                  set(
                    'variants',
                    values.variants.filter((_, i) => i !== index),
                    'percents',
                  )
                  setErrors({})
                }
              : undefined
          }
        />
      ))}
      {values.variants.length === 0 && errors.percents && (
        <p className="error" role="alert">
          {errors.percents}
        </p>
      )}
      <p>
        <Button onPress={() => set('variants', [...values.variants, emptyVariant()], 'percents')}>
          Add variant
        </Button>
      </p>
      <ErrorNote error={general} />
      <Button type="submit" className="primary" isDisabled={review.isPending}>
        {review.isPending ? 'Estimating…' : 'Review'}
      </Button>
    </Form>
  )
}
