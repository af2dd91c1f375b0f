// One audience: name, description, source lists and the AND/OR builder over the filter DSL, with its live size.
// A new audience is counted once created (the size endpoint counts saved audiences); from then on each pause in
// editing saves the filter and recounts. The API's filter errors show beside the condition whose path they name;
// an error naming no condition shows above the builder. Viewers read; members and owners edit and archive.
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { useLists } from '../contacts/useLists'
import { ErrorNote, errorText } from '../ui/ErrorNote'
import { formatTime, formatValue } from '../ui/format'
import { Loading } from '../ui/Loading'
import { TextInput } from '../ui/TextInput'
import { AUDIENCES_KEY } from './AudiencesPage'
import { detailsOf, unwrapFilter } from './audienceApi'
import { GroupEditor } from './GroupEditor'
import './audiences.css'
import { type DslGroup, errorsByNode, fromDsl, type GroupModel, newCondition, newGroup, toDsl } from './model'
import { useLiveSize } from './useLiveSize'

type Audience = Awaited<ReturnType<typeof loadAudience>>['audience']

const loadAudience = (id: string) => unwrap(api.GET('/api/v2/audiences/{id}', { params: { path: { id } } }))

export default function AudiencePage() {
  const { id } = useParams()
  const audience = useQuery({
    queryKey: [...AUDIENCES_KEY, id],
    queryFn: () => loadAudience(id ?? ''),
    enabled: id !== undefined,
  })
  if (id === undefined) return <AudienceForm />
  if (audience.isPending) return <Loading />
  if (!audience.data) return <ErrorNote error={audience.error} />
  return <AudienceForm key={id} audience={audience.data.audience} />
}

function starter(): GroupModel {
  const g = newGroup('AND')
  g.conditions.push(newCondition())
  return g
}

function AudienceForm({ audience }: { audience?: Audience }) {
  const canWrite = useCan('member')
  const readOnly = !canWrite || audience?.status === 'archived'
  const navigate = useNavigate()
  const client = useQueryClient()
  const created = (useLocation().state as { created?: boolean } | null)?.created === true
  const lists = useLists()
  const [name, setName] = useState(audience?.name ?? '')
  const [description, setDescription] = useState(audience?.description ?? '')
  const [sourceLists, setSourceLists] = useState<number[]>(audience?.source_lists ?? [])
  const [filter, setFilter] = useState<GroupModel>(() =>
    audience ? fromDsl(audience.filter as DslGroup) : starter(),
  )
  const [saveError, setSaveError] = useState<unknown>()
  const [saving, setSaving] = useState(false)
  const [status, setStatus] = useState(created ? 'Audience created.' : '')
  const [confirmArchive, setConfirmArchive] = useState(false)
  const dsl = toDsl(filter)
  const live = useLiveSize(sourceLists, dsl)

  const failure = saveError ?? live.error
  const byNode = errorsByNode(filter, detailsOf(failure))
  const topErrors = [...(byNode.get('') ?? [])]
  const nameError =
    saveError && (saveError as { code?: string }).code === 'missing_name' ? errorText(saveError) : undefined
  const listOptions = (lists.data?.lists ?? []).map((l) => ({
    id: l.id,
    name: `${l.list_name} (${l.phone_number})`,
  }))

  const edit = (next: GroupModel) => {
    setFilter(next)
    setSaveError(undefined)
    setStatus('')
  }

  /** Counts the saved audience, so the list of audiences shows its size (the live size stores nothing). */
  const recount = (id: string) =>
    api.GET('/api/v2/audiences/{id}/size', { params: { path: { id } } }).catch(() => undefined)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSaving(true)
    setSaveError(undefined)
    setStatus('')
    const body = {
      name: name.trim(),
      description: description.trim() || null,
      source_lists: sourceLists,
      filter: dsl,
    }
    try {
      if (audience) {
        const reply = await unwrapFilter(
          api.PUT('/api/v2/audiences/{id}', { params: { path: { id: audience.id } }, body }),
        )
        client.setQueryData([...AUDIENCES_KEY, audience.id], reply)
        await recount(audience.id)
        setStatus('Audience saved.')
      } else {
        const reply = await unwrapFilter(api.POST('/api/v2/audiences', { body }))
        client.setQueryData([...AUDIENCES_KEY, reply.audience.id], reply)
        await recount(reply.audience.id)
        navigate(`/audiences/${reply.audience.id}`, { state: { created: true } })
      }
      void client.invalidateQueries({ queryKey: AUDIENCES_KEY, exact: true })
    } catch (err) {
      setSaveError(err)
    } finally {
      setSaving(false)
    }
  }

  const archive = async () => {
    if (!audience) return
    try {
      await unwrap(api.DELETE('/api/v2/audiences/{id}', { params: { path: { id: audience.id } } }))
      await client.invalidateQueries({ queryKey: AUDIENCES_KEY })
      navigate('/audiences', { state: { archived: audience.name } })
    } catch (err) {
      setSaveError(err)
    }
  }

  const otherError = failure && detailsOf(failure).length === 0 && !nameError ? failure : undefined
  return (
    <section>
      <p>
        <Link to="/audiences">← Audiences</Link>
      </p>
      <h1>{audience ? audience.name : 'New audience'}</h1>
      {audience?.status === 'archived' && <p className="notice">This audience is archived.</p>}
      <p role="status">{status}</p>
      <form onSubmit={submit} noValidate>
        <TextInput
          label="Name"
          value={name}
          onChange={setName}
          isReadOnly={readOnly}
          isInvalid={Boolean(nameError)}
          {...(nameError ? { errorMessage: nameError } : {})}
        />
        <TextInput label="Description" value={description} onChange={setDescription} isReadOnly={readOnly} />
        <fieldset className="field">
          <legend>Source lists (none chosen: all lists)</legend>
          {listOptions.map((l) => (
            <label key={l.id} className="checkbox">
              <input
                type="checkbox"
                checked={sourceLists.includes(l.id)}
                disabled={readOnly}
                onChange={(e) =>
                  setSourceLists((ids) => (e.target.checked ? [...ids, l.id] : ids.filter((x) => x !== l.id)))
                }
              />{' '}
              {l.name}
            </label>
          ))}
        </fieldset>
        <div aria-live="polite" className="audience-size">
          <p>
            Size:{' '}
            <strong data-testid="audience-size">
              {live.size === undefined ? '…' : formatValue(live.size, 'integer')}
            </strong>{' '}
            contacts
            {live.counting
              ? ' (counting…)'
              : live.calculatedAt
                ? ` (counted ${formatTime(live.calculatedAt)})`
                : ''}
          </p>
          {audience && !readOnly && (
            <p className="muted">The size counts what you see; the audience changes when you save.</p>
          )}
        </div>
        {topErrors.map((e) => (
          <p key={e} className="error" role="alert">
            {e}
          </p>
        ))}
        <ErrorNote error={otherError} />
        <GroupEditor
          group={filter}
          depth={1}
          prefix=""
          errors={byNode}
          lists={listOptions}
          readOnly={readOnly}
          onChange={edit}
        />
        {!readOnly && (
          <p className="controls">
            <button type="submit" className="primary" disabled={saving}>
              {audience ? 'Save audience' : 'Create audience'}
            </button>
          </p>
        )}
      </form>
      {audience && !readOnly && (
        <p className="controls">
          {confirmArchive ? (
            <>
              <span>Archive this audience? Campaigns can no longer choose it.</span>{' '}
              <button type="button" onClick={archive}>
                Yes, archive
              </button>{' '}
              <button type="button" onClick={() => setConfirmArchive(false)}>
                Cancel
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmArchive(true)}>
              Archive audience
            </button>
          )}
        </p>
      )}
    </section>
  )
}
