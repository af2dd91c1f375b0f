// The first route's JavaScript (the entry chunk, the overview page and everything they import statically) stays
// within 250 KB gzip (issue 14); report pages and uPlot load later, on their own. Reads the build's manifest
// (test/setup.ts builds dist/web).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { repoRoot } from '../../lib/paths.js'

const BUDGET = 250 * 1024
const out = join(repoRoot, 'dist', 'web')

interface Chunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}
const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>

/** The chunk and every chunk it imports statically (what the browser fetches before it runs). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen)
  return seen
}

const gzipped = (keys: Iterable<string>) =>
  [...keys]
    .map((k) => manifest[k]!.file)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(out, f))).length, 0)

t.test(
  'the first route is within 250 KB of gzipped JavaScript; uPlot and reports are not in it',
  async (t) => {
    const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)
    t.ok(entry, 'the build has an entry chunk')
    const overview = Object.keys(manifest).find((k) => k.endsWith('overview/OverviewPage.tsx'))
    t.ok(overview, 'the overview page is a chunk of its own')
    const first = closure(overview!, closure(entry!))
    const bytes = gzipped(first)
    process.stdout.write(
      `# first route (entry + overview): ${(bytes / 1024).toFixed(1)} KB gzip of JavaScript\n`,
    )
    t.ok(bytes <= BUDGET, `${bytes} bytes ≤ ${BUDGET}`)
    const files = [...first].map((k) => manifest[k]!.file).join(' ')
    t.notMatch(files, /assets\/Chart-|PerformancePage-|LtvPage-/, 'charts and report pages load later')
    t.notMatch(
      readFileSync(join(out, manifest[entry!]!.file), 'utf8'),
      'uPlot',
      'uPlot is not in the entry chunk',
    )
  },
)
