// The builder's "who and when" fields: name, sending list, audiences, one time or repeating with its dates and
// weekdays, send time, local time, the frequency cap and the automated (ML) share.
import { Checkbox, CheckboxGroup, FieldError, Label, Radio, RadioGroup, Text } from 'react-aria-components'
import { TextInput } from '../../ui/TextInput'
import { type BuilderErrors, type BuilderValues, WEEKDAYS, type Weekday } from './builderRules'
import { Picker } from './Picker'

interface Props {
  values: BuilderValues
  errors: BuilderErrors
  lists: ReadonlyArray<{ id: string; name: string }>
  audiences: ReadonlyArray<{ id: string; name: string }>
  /** The audiences have loaded: a chosen id not among them is archived (or gone) and is shown so it can be unticked. */
  audiencesLoaded: boolean
  set<K extends keyof BuilderValues>(field: K, value: BuilderValues[K], errorField?: string): void
}

export function ScheduleFields({ values, errors, lists, audiences, audiencesLoaded, set }: Props) {
  const unavailable = audiencesLoaded
    ? values.audiences
        .filter((id) => !audiences.some((a) => a.id === id))
        .map((id) => ({ id, name: `Unavailable audience ${id}` }))
    : []
  const text = (field: string) => ({
    isInvalid: Boolean(errors[field]),
    ...(errors[field] ? { errorMessage: errors[field] } : {}),
  })
  return (
    <>
      <TextInput
        label="Name"
        value={values.name}
        onChange={(v) => set('name', v, 'name')}
        {...text('name')}
      />
      <Picker
        label="Sending list"
        placeholder="Choose a list"
        value={values.sendingListId === null ? null : String(values.sendingListId)}
        options={lists}
        onChange={(v) => set('sendingListId', Number(v), 'sending_list')}
        errorMessage={errors.sending_list}
      />
      <CheckboxGroup
        className="field checkbox-group"
        value={values.audiences}
        onChange={(v) => set('audiences', v, 'audiences')}
        isInvalid={Boolean(errors.audiences)}
      >
        <Label>Audiences</Label>
        {audiences.length === 0 && <p className="muted">No audience yet: build one under Audiences first.</p>}
        {[...audiences, ...unavailable].map((a) => (
          <Checkbox key={a.id} value={a.id} className="checkbox">
            <span className="checkbox-box" aria-hidden="true" />
            {a.name}
          </Checkbox>
        ))}
        <Text slot="description">Their contacts are merged; a contact in several gets one message.</Text>
        <FieldError>{errors.audiences}</FieldError>
      </CheckboxGroup>
      <RadioGroup
        className="field radio-group"
        value={values.repeating ? 'repeating' : 'once'}
        onChange={(v) => set('repeating', v === 'repeating')}
      >
        <Label>Sends</Label>
        <Radio value="once" className="radio">
          <span className="radio-dot" aria-hidden="true" />
          One time
        </Radio>
        <Radio value="repeating" className="radio">
          <span className="radio-dot" aria-hidden="true" />
          Repeating
        </Radio>
      </RadioGroup>
      {values.repeating ? (
        <>
          <TextInput
            label="Start date"
            description="YYYY-MM-DD"
            value={values.startDate}
            onChange={(v) => set('startDate', v, 'start_date')}
            {...text('start_date')}
          />
          <TextInput
            label="End date"
            description="YYYY-MM-DD"
            value={values.endDate}
            onChange={(v) => set('endDate', v, 'end_date')}
            {...text('end_date')}
          />
          <CheckboxGroup
            className="field checkbox-group weekdays"
            value={values.days}
            onChange={(v) => set('days', v as Weekday[], 'days')}
            isInvalid={Boolean(errors.days)}
          >
            <Label>Days</Label>
            {WEEKDAYS.map((d) => (
              <Checkbox key={d.id} value={d.id} className="checkbox">
                <span className="checkbox-box" aria-hidden="true" />
                {d.name}
              </Checkbox>
            ))}
            <FieldError>{errors.days}</FieldError>
          </CheckboxGroup>
        </>
      ) : (
        <TextInput
          label="Send date"
          description="YYYY-MM-DD"
          value={values.sendDate}
          onChange={(v) => set('sendDate', v, 'send_date')}
          {...text('send_date')}
        />
      )}
      <TextInput
        label="Send time"
        description="HH:MM, 24-hour; in the account's timezone unless local time is on"
        value={values.sendTime}
        onChange={(v) => set('sendTime', v, 'send_time')}
        {...text('send_time')}
      />
      <Checkbox className="checkbox" isSelected={values.localTime} onChange={(v) => set('localTime', v)}>
        <span className="checkbox-box" aria-hidden="true" />
        Send in each recipient's local time
      </Checkbox>
      <TextInput
        label="Skip contacts sent to within (hours)"
        description="Frequency cap; 0 turns it off"
        inputMode="numeric"
        value={values.skipHours}
        onChange={(v) => set('skipHours', v, 'skip_within_hours')}
        {...text('skip_within_hours')}
      />
      <TextInput
        label="Automated (ML) share (%)"
        description="Share of the audience whose message the ML selector picks among your automated creatives"
        inputMode="numeric"
        value={values.automatedPercent}
        onChange={(v) => set('automatedPercent', v, 'automated_percent')}
        {...text('automated_percent')}
      />
    </>
  )
}
