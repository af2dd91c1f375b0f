// GSM-7 (GSM 03.38 basic table plus its extension table): which character of a message forces UCS-2, so the
// editor can point at it. The API's estimate says only which encoding; this says why.

const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const EXTENSION = '^{}\\[~]|€\f'

const GSM7 = new Set([...BASIC, ...EXTENSION])

export const isGsm7Char = (char: string): boolean => GSM7.has(char)

/** The message split around its first character outside GSM-7 (a whole code point: an emoji stays one), or null. */
export function firstUcs2(text: string): { before: string; char: string; after: string } | null {
  let index = 0
  for (const char of text) {
    if (!GSM7.has(char)) return { before: text.slice(0, index), char, after: text.slice(index + char.length) }
    index += char.length
  }
  return null
}
