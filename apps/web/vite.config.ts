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
  build: {
    outDir,
    emptyOutDir: true,
  },
})
