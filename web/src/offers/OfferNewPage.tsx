// Offers → New offer (members and owners): the form, then the new offer's page with its postback URL.
import { useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router-dom'
import { api, unwrap } from '../api/client'
import { useCan } from '../api/session'
import { OfferForm } from './OfferForm'
import { OFFERS_KEY } from './OffersPage'
import { bodyOf, emptyOffer } from './offerRules'

export default function OfferNewPage() {
  const writer = useCan('member')
  const navigate = useNavigate()
  const client = useQueryClient()
  return (
    <section>
      <p>
        <Link to="/offers">← Offers</Link>
      </p>
      <h1>New offer</h1>
      {writer ? (
        <OfferForm
          initial={emptyOffer()}
          submitLabel="Create offer"
          onSubmit={(v) => unwrap(api.POST('/api/v2/offers', { body: bodyOf(v) }))}
          onSaved={(reply) => {
            void client.invalidateQueries({ queryKey: OFFERS_KEY })
            navigate(`/offers/${reply.offer.id}`, { state: { created: true } })
          }}
        />
      ) : (
        <p>Viewers cannot create offers.</p>
      )}
    </section>
  )
}
