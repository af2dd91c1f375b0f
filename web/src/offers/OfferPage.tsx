// One offer: its settings, the postback URL to paste at its network (read-only, with a copy button), and for
// members and owners the edit form and archiving.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Button } from 'react-aria-components'
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { ErrorNote } from '../ui/ErrorNote'
import { Loading } from '../ui/Loading'
import { OfferForm } from './OfferForm'
import { formatPayout, OFFERS_KEY } from './OffersPage'
import { bodyOf, NETWORKS, type Offer, postbackUrlFor, valuesOf } from './offerRules'

export default function OfferPage() {
  const { id = '' } = useParams()
  const writer = useCan('member')
  const created = (useLocation().state as { created?: boolean } | null)?.created === true
  const client = useQueryClient()
  const key = [...OFFERS_KEY, id]
  const offer = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v2/offers/{id}', { params: { path: { id } } })),
  })
  if (offer.isPending) return <Loading />
  if (!offer.data) return <ErrorNote error={offer.error} />
  const o = offer.data.offer
  return (
    <section>
      <p>
        <Link to="/offers">← Offers</Link>
      </p>
      <h1>{o.name}</h1>
      {created && <p role="status">Offer created.</p>}
      <dl className="facts">
        <dt>Status</dt>
        <dd>{o.status}</dd>
        <dt>Network</dt>
        <dd>
          {NETWORKS.find((n) => n.id === (o.external_platform ?? 'none'))?.name ?? o.external_platform}
          {o.external_id && ` · offer ${o.external_id}`}
        </dd>
        <dt>Tracking URL</dt>
        <dd>
          <code>{o.tracking_url}</code>
        </dd>
        <dt>Payout</dt>
        <dd>{formatPayout(o.payout, o.payout_type)}</dd>
        <dt>Click window</dt>
        <dd>{o.click_window_days} days</dd>
        <dt>Bot filter</dt>
        <dd>{o.bot_filter_mode ?? 'account default'}</dd>
      </dl>
      <Postback offer={o} />
      {writer && o.status !== 'archived' && (
        <>
          <h2>Edit</h2>
          <OfferForm
            key={o.updated_at}
            initial={valuesOf(o)}
            submitLabel="Save offer"
            onSubmit={(v) =>
              unwrap(api.PUT('/api/v2/offers/{id}', { params: { path: { id } }, body: bodyOf(v) }))
            }
            onSaved={(reply) => {
              client.setQueryData(key, reply)
              void client.invalidateQueries({ queryKey: OFFERS_KEY, exact: true })
            }}
          />
          <Archive id={o.id} />
        </>
      )}
    </section>
  )
}

function Postback({ offer }: { offer: Offer }) {
  const settings = useQuery({
    queryKey: ['postbacks', 'settings'],
    queryFn: () => unwrap(api.GET('/api/v2/postbacks/settings')),
  })
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const url = settings.data ? postbackUrlFor(offer, settings.data.postback_urls) : ''
  // The clipboard may be refused (permissions, an insecure origin): then the URL stays there to select.
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    )
  return (
    <>
      <h2>Postback URL</h2>
      <p className="muted">
        {offer.external_platform
          ? `Paste this at ${offer.external_platform} as the offer's postback; the network fills its own macros.`
          : 'Call this from your site when a sale happens; fill message_id, revenue and txn_id.'}
      </p>
      <ErrorNote error={settings.error} />
      {settings.data && (
        <p>
          <code className="webhook-url" data-testid="postback-url">
            {url}
          </code>{' '}
          <Button onPress={() => void copy()}>Copy URL</Button>
          {copied === 'yes' && <span role="status"> Copied.</span>}
          {copied === 'failed' && <span role="status"> Could not copy: select the URL and copy it.</span>}
        </p>
      )}
    </>
  )
}

function Archive({ id }: { id: string }) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const archive = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v2/offers/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: OFFERS_KEY })
      navigate('/offers')
    },
  })
  return (
    <>
      <h2>Archive</h2>
      <p className="muted">An archived offer leaves the list and cannot be bound to new creatives.</p>
      {confirming ? (
        <p>
          <Button
            className="danger"
            data-write=""
            onPress={() => archive.mutate()}
            isDisabled={archive.isPending}
          >
            Archive this offer
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
