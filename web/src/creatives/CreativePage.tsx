// One creative: its offers (with each link's URL parameters) and counts; members and owners edit it in the editor or archive it, viewers see the
// phone preview only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from 'react-aria-components'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { CreativeForm } from './CreativeForm'
import { CREATIVES_KEY } from './CreativesPage'
import { bodyOf, valuesOf } from './creativeRules'
import { paramsOf, withUrlParams } from './linkParams'
import { MessagePreview } from './MessagePreview'

export default function CreativePage() {
  const { id = '' } = useParams()
  const writer = useCan('member')
  const created = (useLocation().state as { created?: boolean } | null)?.created === true
  const client = useQueryClient()
  const key = [...CREATIVES_KEY, id]
  const creative = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v2/creatives/{id}', { params: { path: { id } } })),
  })
  if (creative.isPending) return <Loading />
  if (!creative.data) return <ErrorNote error={creative.error} />
  const c = creative.data.creative
  return (
    <section>
      <p>
        <Link to="/creatives">← Creatives</Link>
      </p>
      <h1>{c.name}</h1>
      {created && <p role="status">Creative created.</p>}
      <dl className="facts">
        <dt>Status</dt>
        <dd>{c.status}</dd>
        <dt>Links</dt>
        <dd>
          {c.offer_links.map((l, i) => (
            <span key={l.key}>
              {i > 0 && ' · '}
              {`{{${l.key}}}`} →{' '}
              <Link to={`/offers/${l.offer_id}`}>
                {c.offers.find((o) => o.id === l.offer_id)?.name ?? l.offer_id}
              </Link>
              {Object.keys(l.url_params).length > 0 &&
                ` with ${new URLSearchParams(l.url_params).toString()}`}
            </span>
          ))}
        </dd>
        <dt>Saved length</dt>
        <dd>
          {c.character_count} characters · {c.segment_count} segments
        </dd>
      </dl>
      {writer && c.status !== 'archived' ? (
        <>
          <h2>Edit</h2>
          <CreativeForm
            key={c.updated_at}
            initial={valuesOf(c)}
            initialParams={paramsOf(c)}
            submitLabel="Save creative"
            onSubmit={(v, params) =>
              unwrap(
                api.PUT('/api/v2/creatives/{id}', {
                  params: { path: { id } },
                  body: withUrlParams(bodyOf(v), params),
                }),
              )
            }
            onSaved={(reply) => {
              client.setQueryData(key, reply)
              void client.invalidateQueries({ queryKey: CREATIVES_KEY, exact: true })
            }}
          />
          <Archive id={id} />
        </>
      ) : (
        <>
          <h2>Message</h2>
          <p>
            <code>{c.message}</code>
          </p>
          <MessagePreview message={c.message} />
        </>
      )}
    </section>
  )
}

function Archive({ id }: { id: string }) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const archive = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v2/creatives/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: CREATIVES_KEY })
      navigate('/creatives')
    },
  })
  return (
    <>
      <h2>Archive</h2>
      <p className="muted">An archived creative leaves the list and is no longer sent.</p>
      {confirming ? (
        <p>
          <Button
            className="danger"
            data-write=""
            onPress={() => archive.mutate()}
            isDisabled={archive.isPending}
          >
            Archive this creative
          </Button>{' '}
          <Button onPress={() => setConfirming(false)}>Cancel</Button>
        </p>
      ) : (
        <Button data-write="" onPress={() => setConfirming(true)}>
          Archive…
        </Button>
      )}
      <ErrorNote error={archive.error} />
    </>
  )
}
