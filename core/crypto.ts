// Secrets at rest (provider credentials): AES-256-GCM with a random 96-bit IV per value, so equal plaintexts
// never produce equal ciphertexts and any change to the stored value fails authentication instead of decrypting.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
export const SECRET_KEY_BYTES = 32

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError'
}

/** A 32-byte key from 64 hex characters or base64 (standard or URL-safe); undefined when it is neither. */
export function parseSecretKey(raw: string): Buffer | undefined {
  const text = raw.trim()
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex')
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    if (key.length === SECRET_KEY_BYTES) return key
  }
  return undefined
}

function keyBytes(key: Buffer | string): Buffer {
  const bytes = typeof key === 'string' ? parseSecretKey(key) : key
  if (!bytes || bytes.length !== SECRET_KEY_BYTES) throw new Error('secret key must be 32 bytes')
  return bytes
}

/** `v1:<iv b64>:<tag b64>:<ciphertext b64>`; the version prefix leaves room to rotate the scheme. */
export function encryptSecret(plaintext: string, key: Buffer | string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv, { authTagLength: TAG_BYTES })
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':')
}

/** The plaintext of an {@link encryptSecret} envelope; throws SecretDecryptionError on a wrong key or any tampering. */
export function decryptSecret(envelope: string, key: Buffer | string): string {
  const parts = envelope.split(':')
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptionError('not a v1 secret envelope')
  const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string]
  const iv = Buffer.from(ivText, 'base64')
  const tag = Buffer.from(tagText, 'base64')
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError('malformed secret envelope')
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), iv, { authTagLength: TAG_BYTES })
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64')), decipher.final()]).toString(
      'utf8',
    )
  } catch {
    throw new SecretDecryptionError('secret failed authentication (wrong key or tampered value)')
  }
}
