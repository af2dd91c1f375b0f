// Who may be sent to (spec §4, §11): a contact subscribed (active) on the list the message goes from, whose number
// is not blocked account-wide. The one definition of that rule, as SQL over the caller's aliases, for dispatch (its
// last check before the provider call), campaign expansion and audience sizes and pages.

/** SQL: `phone` (an SQL expression) is blocked in account `account` (an SQL expression or parameter). */
export const blockedSql = (account: string, phone: string): string =>
  `EXISTS (SELECT 1 FROM contact_blocks b WHERE b.account_id = ${account} AND b.phone_number = ${phone})`

/** SQL: the contact with id `contactId` is blocked in account `account`, when only its id is at hand. */
export const contactBlockedSql = (account: string, contactId: string): string =>
  `EXISTS (SELECT 1 FROM contact_blocks b JOIN contacts bc ON bc.account_id = b.account_id ` +
  `AND bc.phone_number = b.phone_number WHERE b.account_id = ${account} AND bc.id = ${contactId})`

/**
 * SQL: the list membership `membership` (a list_contacts alias) may be sent to at `phone` in `account`. With
 * `optional` (a LEFT JOIN that may find no membership) a missing one is false rather than NULL; without it the
 * bare `active` lets the planner use the partial index of active members.
 */
export const sendableSql = (
  membership: string,
  account: string,
  phone: string,
  options: { optional?: boolean } = {},
): string => {
  const active = options.optional ? `COALESCE(${membership}.active, false)` : `${membership}.active`
  return `(${active} AND NOT ${blockedSql(account, phone)})`
}
