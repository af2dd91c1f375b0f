// Reply and query types of API operations, read from the generated schema (never written by hand).
import type { paths } from './schema'

type Method = 'get' | 'post' | 'put' | 'delete'
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never

/** The JSON body of an operation's 200 (or 201) reply. */
export type Reply<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends {
  responses: infer R
}
  ? R extends { 200: infer OK }
    ? JsonOf<OK>
    : R extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never

/** The query parameters of an operation. */
export type Query<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends {
  parameters: { query?: infer Q }
}
  ? NonNullable<Q>
  : never
