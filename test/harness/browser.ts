// Browser tests of the dashboard: Debian's Chromium (deploy/test-tools.sh installs it; never a downloaded browser)
// driven by playwright-core against a real platform whose api role serves dist/web (test/setup.ts builds it).
// Helpers sign users in, give them passwords and roles, and run axe on a page.
import { createServer } from 'node:net'
import { AxeBuilder } from '@axe-core/playwright'
import { generateSync } from 'otplib'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import type { Config } from '../../core/config.js'
import { newObjectId, randomAlphanumeric } from '../../core/ids.js'
import { createAccount } from '../../services/accounts.js'
import { hashPassword } from '../../services/passwords.js'
import { quietHoursOff, startTestPlatform, type Teardown, type TestPlatform } from './platform.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A platform whose public URL is the address its API listens on, so emailed links open in the browser. */
export async function startBrowserPlatform(
  t: Teardown,
  overrides: Partial<Config> = {},
): Promise<TestPlatform> {
  const port = await freePort()
  return startTestPlatform(t, { apiPort: port, publicUrl: `http://127.0.0.1:${port}`, ...overrides })
}

export async function launchChromium(t: Teardown): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.teardown(() => browser.close())
  return browser
}

/** A page in a context of its own (own cookies); closing the context closes the page. axe needs a context. */
export async function newPage(browser: Browser, t: Teardown): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true })
  t.teardown(() => context.close())
  return context.newPage()
}

export interface TestUser {
  userId: string
  email: string
  password: string
}

/** A new account with its owner, who signs in with a password; `email` joins an existing user to it instead. */
export async function accountWithOwner(
  platform: TestPlatform,
  opts: { name?: string; email?: string; password?: string } = {},
): Promise<TestUser & { accountId: string; apiKey: string }> {
  const pg = platform.deps.postgres.acquire()
  try {
    const email = opts.email ?? `owner-${randomAlphanumeric(10).toLowerCase()}@example.test`
    const password = opts.password ?? `pw-${randomAlphanumeric(16)}`
    const created = await createAccount(
      pg.db,
      { name: opts.name ?? `Browser ${randomAlphanumeric(6)}`, ownerEmail: email, password },
      platform.config.secretKey,
    )
    await quietHoursOff(pg.pool, created.accountId)
    return { userId: created.userId, email, password, accountId: created.accountId, apiKey: created.apiKey }
  } finally {
    await platform.deps.postgres.release()
  }
}

/** A new user, with a password, whose only account is `accountId`, with `role`. */
export async function addUser(
  platform: TestPlatform,
  accountId: string,
  role: 'member' | 'viewer',
): Promise<TestUser> {
  const pg = platform.deps.postgres.acquire()
  try {
    const user = {
      userId: newObjectId(),
      email: `${role}-${randomAlphanumeric(10).toLowerCase()}@example.test`,
      password: `pw-${randomAlphanumeric(16)}`,
    }
    await pg.pool.query('INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3)', [
      user.userId,
      user.email,
      await hashPassword(user.password),
    ])
    await pg.pool.query('INSERT INTO account_access (account_id, user_id, role) VALUES ($1, $2, $3)', [
      accountId,
      user.userId,
      role,
    ])
    return user
  } finally {
    await platform.deps.postgres.release()
  }
}

/** Sets a user's password directly (the fixture's owners are created without one). */
export async function setPassword(platform: TestPlatform, userId: string, password: string): Promise<void> {
  const pg = platform.deps.postgres.acquire()
  try {
    await pg.pool.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
      userId,
      await hashPassword(password),
    ])
  } finally {
    await platform.deps.postgres.release()
  }
}

/** The authenticator's code now, or `aheadSeconds` later (the next time step). */
export const totpCode = (secret: string, aheadSeconds = 0): string =>
  generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + aheadSeconds })

/** Fills the sign-in form and submits it with the keyboard (Enter), as a user would. */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByLabel('Password').press('Enter')
}

/** A fresh browser context (its own cookies), signed in and on the overview. */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  user: { email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, acceptDownloads: true })
  const page = await context.newPage()
  await signIn(page, baseUrl, user)
  await page.getByRole('heading', { name: 'Overview' }).waitFor()
  return { context, page }
}

export interface A11yProblem {
  id: string
  impact: string | null | undefined
  help: string
  targets: string[]
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules and best practice). */
export async function seriousA11yProblems(page: Page): Promise<A11yProblem[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
}
