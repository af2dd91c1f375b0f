// The dashboard's build: web/ → dist/web, with a manifest (.vite/manifest.json) the bundle-size test reads.
// In development (`npx vite --config web/vite.config.ts`) API calls go to the api role on :3000.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = dirname(fileURLToPath(import.meta.url))

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: resolve(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
})
