import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// In development the sync server runs separately; in production it serves dist/ itself on one port.
const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:8787'
const outDir = 'dist'

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: serverUrl, changeOrigin: false },
      '/sync': { target: serverUrl, ws: true, changeOrigin: false },
      '/health': { target: serverUrl, changeOrigin: true },
    },
  },
  // @tldraw/assets is a set of file URLs; pre-bundling would inline them and lose the self-hosted files.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  build: {
    outDir,
    emptyOutDir: true,
    // The benchmark reads which files make the first screen and which the lazy canvas chunk.
    manifest: true,
    // tldraw fetch()es its translation files; inlined as data: URLs they would break connect-src 'self'.
    assetsInlineLimit: (file: string) => (file.endsWith('.json') ? false : undefined),
  },
})
