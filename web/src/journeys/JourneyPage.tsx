// One journey: the editor (name, trigger, steps) with its status actions and, once saved, its enrollments. A new
// journey is created as a draft. Errors show beside the step or trigger condition whose path the API (or the
// client's own checks) named; an error naming neither shows above the form. Viewers read; members and owners edit.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import { ApiError, api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { TextInput } from '../ui/TextInput'
import { EnrollmentsTable } from './EnrollmentsTable'
import { clientIssues, type Issue, issueOfRefusal, placeIssues } from './issues'
import { JourneyStatusActions } from './JourneyStatusActions'
import { JOURNEYS_KEY, JOURNEYS_LIST_KEY, type Journey, loadJourney, usePickerOptions } from './journeyApi'
import './journeys.css'
import {
  type JourneyModel,
  journeyFromApi,
  journeyToApi,
  moveStep,
  newStep,
  removeStep,
  type StepModel,
  starterJourney,
} from './model'
import { StepEditor } from './StepEditor'
import { SignupMethods, TriggerEditor } from './TriggerEditor'

export default function JourneyPage() {
  const { id } = useParams()
  const journey = useQuery({
    queryKey: [...JOURNEYS_KEY, id],
    queryFn: () => loadJourney(id ?? ''),
    enabled: id !== undefined,
  })
  if (id === undefined) return <JourneyForm />
  if (journey.isPending) return <Loading />
  if (!journey.data) return <ErrorNote error={journey.error} />
  return <JourneyForm key={id} journey={journey.data.journey} />
}

function JourneyForm({ journey }: { journey?: Journey }) {
  const canWrite = useCan('member')
  const readOnly = !canWrite || journey?.status === 'archived'
  const navigate = useNavigate()
  const client = useQueryClient()
  const created = (useLocation().state as { created?: boolean } | null)?.created === true
  const options = usePickerOptions()
  const [name, setName] = useState(journey?.name ?? '')
  const [model, setModel] = useState<JourneyModel>(() =>
    journey ? journeyFromApi(journey as Parameters<typeof journeyFromApi>[0]) : starterJourney(),
  )
  const [issues, setIssues] = useState<Issue[]>([])
  const [failure, setFailure] = useState<unknown>()
  const [saving, setSaving] = useState(false)
  const [status, setStatus] = useState(created ? 'Journey created as a draft.' : '')
  const placed = placeIssues(model, issues)

  const edit = (next: JourneyModel) => {
    setModel(next)
    setIssues([])
    setStatus('')
  }
  const setSteps = (steps: StepModel[]) => edit({ ...model, steps })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setStatus('')
    setFailure(undefined)
    const found = clientIssues(name, model)
    setIssues(found)
    if (found.length > 0) return
    setSaving(true)
    const body = { name: name.trim(), ...journeyToApi(model) }
    try {
      if (journey) {
        const reply = await unwrap(
          api.PUT('/api/v2/journeys/{id}', { params: { path: { id: journey.id } }, body }),
        )
        client.setQueryData([...JOURNEYS_KEY, journey.id], reply)
        setStatus('Journey saved.')
      } else {
        const reply = await unwrap(api.POST('/api/v2/journeys', { body: { ...body, status: 'draft' } }))
        client.setQueryData([...JOURNEYS_KEY, reply.journey.id], reply)
        navigate(`/journeys/${reply.journey.id}`, { state: { created: true } })
      }
      void client.invalidateQueries({ queryKey: JOURNEYS_LIST_KEY })
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) setIssues([issueOfRefusal(err.code, err.message)])
      else setFailure(err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <section>
      <p>
        <Link to="/journeys">← Journeys</Link>
      </p>
      <h1>{journey ? journey.name : 'New journey'}</h1>
      {journey && (
        <p>
          Status: <strong data-testid="journey-status">{journey.status}</strong>
        </p>
      )}
      {(journey?.status === 'active' || journey?.status === 'paused') && canWrite && (
        <p className="muted">
          Saved changes apply to contacts already in the journey: each carries on at its step number.
        </p>
      )}
      {journey?.status === 'archived' && (
        <p className="notice">This journey is archived: its enrollments ended.</p>
      )}
      <p role="status">{status}</p>
      {journey && canWrite && journey.status !== 'archived' && (
        <JourneyStatusActions journey={journey} onDone={setStatus} onError={setFailure} />
      )}
      <ErrorNote error={failure ?? options.error} />
      <form onSubmit={submit} noValidate>
        <TextInput
          label="Name"
          value={name}
          onChange={(v) => {
            setName(v)
            setIssues([])
          }}
          isReadOnly={readOnly}
          isInvalid={Boolean(placed.name)}
          {...(placed.name ? { errorMessage: placed.name } : {})}
        />
        {placed.top.map((text) => (
          <p key={text} className="error" role="alert">
            {text}
          </p>
        ))}
        <SignupMethods />
        <TriggerEditor
          group={model.trigger}
          depth={1}
          path="trigger"
          name="Trigger"
          errors={placed.byKey}
          paths={placed.paths}
          lists={options.lists}
          readOnly={readOnly}
          onChange={(trigger) => edit({ ...model, trigger })}
        />
        <h2>Steps</h2>
        <p className="muted">
          Steps run in order unless a condition branches or a step names the step that follows it. A loop must
          pass a wait or wait until step.
        </p>
        <ol className="journey-steps">
          {model.steps.map((s, i) => (
            <li key={s.key}>
              <StepEditor
                index={i}
                steps={model.steps}
                errors={placed.byKey.get(s.key) ?? []}
                paths={placed.paths}
                creatives={options.creatives}
                offers={options.offers}
                readOnly={readOnly}
                onChange={(next) => setSteps(model.steps.map((old, j) => (j === i ? next : old)))}
                onMove={(by) => setSteps(moveStep(model.steps, i, by))}
                onRemove={() => setSteps(removeStep(model.steps, i))}
              />
            </li>
          ))}
        </ol>
        {!readOnly && (
          <p className="controls">
            <button type="button" onClick={() => setSteps([...model.steps, newStep('wait')])}>
              Add step
            </button>
            <button type="submit" className="primary" disabled={saving}>
              {journey ? 'Save journey' : 'Create journey'}
            </button>
          </p>
        )}
      </form>
      {journey && <EnrollmentsTable journeyId={journey.id} />}
    </section>
  )
}
