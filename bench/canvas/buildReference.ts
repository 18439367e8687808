// Builds the bare tldraw reference page (reference/) with Vite's JS API into the directory it is given,
// with a build manifest. Run in its own process by referencePage.ts: Vite sets NODE_ENV while it builds.
//   node bench/canvas/buildReference.ts <outDir>
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { build } from 'vite'

const outDir = process.argv[2]
if (!outDir) {
  process.stderr.write('usage: node bench/canvas/buildReference.ts <outDir>\n')
  process.exit(2)
}

await build({
  root: fileURLToPath(new URL('./reference/', import.meta.url)),
  configFile: false,
  envDir: false,
  logLevel: 'warn',
  plugins: [react()],
  cacheDir: `${outDir}-vite-cache`,
  // tldraw is one big chunk, as in the web app's canvas chunk: no need to be told.
  build: { outDir, emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 4096 },
})
