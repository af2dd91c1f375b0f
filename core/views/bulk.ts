// The per-item error of a bulk request: the item's index in the request, a stable code and a message, plus
// whatever identifies the item in that route (its phone number, recipient or message id).
import Type, { type TProperties } from 'typebox'

export const BulkItemErrorView = <T extends TProperties>(extra: T) =>
  Type.Object({ index: Type.Integer(), code: Type.String(), error: Type.String(), ...extra })
