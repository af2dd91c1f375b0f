// What a CSV import and a bulk upsert of contacts answer: one TypeBox schema each, which the routes serialise and
// document and whose static types the services return.
import Type, { type Static } from 'typebox'
import { CSV_ROW_REASONS } from '../contacts.js'
import { BulkItemErrorView } from './bulk.js'

export const ImportRowView = Type.Object({
  row: Type.Integer({ description: 'Record number in the file; the header is 1, the first data row 2' }),
  phone_number: Type.Union([Type.String(), Type.Null()], { description: 'Normalised E.164 when parseable' }),
  status: Type.Enum(['valid', 'duplicate', 'invalid']),
  reason: Type.Optional(Type.Enum([...CSV_ROW_REASONS, 'duplicate_phone_number'])),
})
export type ImportRowView = Static<typeof ImportRowView>

export const ImportSummaryView = Type.Object({
  total_rows: Type.Integer(),
  valid_rows: Type.Integer(),
  invalid_rows: Type.Integer(),
  duplicate_rows: Type.Integer(),
  created: Type.Integer({ description: 'List contacts created (dry run: that would be created)' }),
  updated: Type.Integer({ description: 'Rows already on the list (dry run: that would be updated)' }),
  ignored_columns: Type.Array(Type.String(), { description: 'Columns that are not contact fields' }),
})
export type ImportSummaryView = Static<typeof ImportSummaryView>

export const ImportReplyView = Type.Object({
  success: Type.Literal(true),
  dry_run: Type.Boolean(),
  ...ImportSummaryView.properties,
  rows: Type.Array(ImportRowView),
  journeys_enrolled: Type.Integer({
    description: 'Journey enrollments of the new list contacts (use_journeys)',
  }),
})
export type ImportReplyView = Static<typeof ImportReplyView>

export const ContactBulkReplyView = Type.Object({
  success_count: Type.Integer(),
  error_count: Type.Integer(),
  errors: Type.Array(BulkItemErrorView({ phone_number: Type.Union([Type.String(), Type.Null()]) })),
  contacts_created: Type.Integer(),
  list_contacts_created: Type.Integer(),
  journeys_enrolled: Type.Integer(),
})
export type ContactBulkReplyView = Static<typeof ContactBulkReplyView>
