// The send-time rule as SQL text: subscribed on the list and not blocked account-wide; a LEFT-joined membership
// that is missing counts as not sendable (never NULL, which a CASE would read as "no reason to drop").
import t from 'tap'
import { blockedSql, contactBlockedSql, sendableSql } from '../../core/eligibility.js'

t.test('sendable: active membership and no block on the number', async (t) => {
  t.equal(
    sendableSql('lc', '$1', 'c.phone_number'),
    '(lc.active AND NOT EXISTS (SELECT 1 FROM contact_blocks b WHERE b.account_id = $1 AND b.phone_number = c.phone_number))',
  )
  t.match(
    sendableSql('lc', 'm.account_id', 'm.to_number', { optional: true }),
    /^\(COALESCE\(lc\.active, false\) AND NOT /,
  )
})

t.test('blocked by number or by contact id, always within the account', async (t) => {
  t.match(blockedSql('$1', 'x.phone'), /b\.account_id = \$1 AND b\.phone_number = x\.phone/)
  t.match(
    contactBlockedSql('$9', 'lc.contact_id'),
    /WHERE b\.account_id = \$9 AND bc\.id = lc\.contact_id\)$/,
  )
})
