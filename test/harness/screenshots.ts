// Screenshots for the README (docs/screenshots/*.png), taken by the browser tests from demo-like data. Every run
// writes them under .tap/screenshots; docs/screenshots gets them when missing or with UPDATE_SCREENSHOTS=1, so
// an ordinary test run leaves the committed images alone.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { repoRoot } from '../../lib/paths.js'

export async function screenshot(page: Page, name: string): Promise<string> {
  const scratch = join(repoRoot, '.tap', 'screenshots')
  mkdirSync(scratch, { recursive: true })
  const taken = join(scratch, `${name}.png`)
  await page.screenshot({ path: taken, fullPage: true })
  const docs = join(repoRoot, 'docs', 'screenshots')
  const kept = join(docs, `${name}.png`)
  if (!existsSync(kept) || process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(docs, { recursive: true })
    copyFileSync(taken, kept)
  }
  return kept
}
