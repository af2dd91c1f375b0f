// GSM 03.38 default alphabet and its extension table (reference/wire-formats §6), as the JS characters they stand for.

/** The 127 characters of the basic table (ESC is not a character); each costs 1 septet. */
export const GSM7_BASIC_CHARS =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'

/** Extension table characters, sent as ESC + char, so each costs 2 septets. */
export const GSM7_EXTENSION_CHARS = '^{}\\[~]|€\f'

export const GSM7_BASIC: ReadonlySet<string> = new Set(GSM7_BASIC_CHARS)
export const GSM7_EXTENSION: ReadonlySet<string> = new Set(GSM7_EXTENSION_CHARS)
