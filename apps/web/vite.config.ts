import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { fileURLToPath } from 'node:url'
import { VitePWA } from 'vite-plugin-pwa'

// In development the sync server runs separately; in production it serves dist/ itself on one port.
const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:8787'
const outDir = 'dist'

/**
 * Installable on a partner's phone. The service worker keeps only the app's own shell (html, js, css,
 * icons) so /log opens offline; /api, the sync socket and /health always go to the network. Built in
 * production only; registered by the small registerSW.js it adds to index.html (no inline script, for
 * the CSP).
 */
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script',
  includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
  manifest: {
    name: 'Session board',
    short_name: 'Session board',
    description: 'Your plan together, between sessions.',
    start_url: '/plan',
    scope: '/',
    display: 'standalone',
    background_color: '#f4f5f3',
    theme_color: '#2f6f6a',
    icons: [
      { src: '/pwa-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/pwa-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/pwa-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The icons come in through includeAssets and the manifest.
    globPatterns: ['**/*.{js,css,html}'],
    // tldraw's canvas and the video call belong to a live session, which needs the network anyway.
    globIgnores: ['**/GoalCanvas-*', '**/CallStage-*', '**/livekit-client.e2ee.worker-*'],
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/sync(\/|$)/, /^\/health$/],
    runtimeCaching: [],
    cleanupOutdatedCaches: true,
  },
})

export default defineConfig({
  plugins: [react(), pwa],
  // Every zod import, the workspace packages' too, goes through the module that sets zod up for the CSP.
  resolve: {
    alias: [{ find: /^zod$/, replacement: fileURLToPath(new URL('./src/lib/zod.ts', import.meta.url)) }],
  },
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
