import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// In development the sync server runs separately; in production it serves dist/ itself on one port.
const serverUrl = process.env.SERVER_URL ?? 'http://127.0.0.1:8787'

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/sync': { target: serverUrl, ws: true, changeOrigin: true },
      '/health': { target: serverUrl, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
})
