import Type from 'typebox'

export const ErrorReply = Type.Object({ error: Type.String(), code: Type.String() })
