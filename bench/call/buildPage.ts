// Builds the bench-only call page (page/) with Vite's JS API into the directory it is given. Run in its
// own process by callBench.ts: Vite sets NODE_ENV while it builds.
//   node bench/call/buildPage.ts <outDir>
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const outDir = process.argv[2]
if (!outDir) {
  process.stderr.write('usage: node bench/call/buildPage.ts <outDir>\n')
  process.exit(2)
}

await build({
  root: fileURLToPath(new URL('./page/', import.meta.url)),
  configFile: false,
  envDir: false,
  logLevel: 'warn',
  cacheDir: `${outDir}-vite-cache`,
  build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
})
