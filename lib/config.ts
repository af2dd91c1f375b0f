// The one place that reads process.env (and the generated secret-key file); core/config.ts builds the Config.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Config, ConfigError, configFrom, dataDirOf, type Env } from '../core/config.js'
import { parseSecretKey } from '../core/crypto.js'
import { repoRoot } from './paths.js'

/**
 * TRACKLY_SECRET_KEY (32 bytes as 64 hex or base64). Production requires it; elsewhere a key is generated once
 * and kept in `<dataDir>/secret.key` (mode 0600), so credentials stay readable across restarts.
 */
function resolveSecretKey(env: Env, dataDir: string): string {
  const raw = env.TRACKLY_SECRET_KEY
  if (raw !== undefined && raw !== '') {
    const key = parseSecretKey(raw)
    if (!key) throw new ConfigError('TRACKLY_SECRET_KEY must be 32 bytes, as 64 hex characters or base64')
    return key.toString('hex')
  }
  if (env.NODE_ENV === 'production') throw new ConfigError('TRACKLY_SECRET_KEY is required in production')
  const file = resolve(dataDir, 'secret.key')
  try {
    mkdirSync(dataDir, { recursive: true })
    // 'wx' fails when the file exists, so two processes starting together keep the first key written.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const key = parseSecretKey(readFileSync(file, 'utf8'))
  if (!key) throw new ConfigError(`${file} does not hold a 32-byte key (64 hex characters)`)
  return key.toString('hex')
}

/** The configuration of this process: its environment, the checkout's data directory, the platform secret. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = dataDirOf(env, repoRoot)
  return configFrom(
    env,
    { dataDir, secretKey: overrides.secretKey ?? resolveSecretKey(env, dataDir) },
    overrides,
  )
}
