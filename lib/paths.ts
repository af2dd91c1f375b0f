import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root (the folder with package.json), whether running from sources or from dist/. */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('package.json not found above lib/paths')
    dir = parent
  }
  return dir
})()

export const sqlDir = join(repoRoot, 'sql')
