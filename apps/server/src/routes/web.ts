import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

/**
 * The built web app (production only), so one port serves the page, its assets and the sync socket.
 * Unknown paths under `/s/` are the single-page app's own routes and get index.html.
 */
export function webRoutes(webDist: string) {
  const indexHtml = join(webDist, 'index.html')
  return new Hono()
    .use(
      '*',
      serveStatic({
        root: webDist,
        // Vite puts content-hashed files under assets/, which never change; index.html must be revalidated.
        onFound: (path, c) => {
          c.header(
            'Cache-Control',
            path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          )
        },
      }),
    )
    .get(
      '/s/*',
      serveStatic({ path: indexHtml, onFound: (_path, c) => void c.header('Cache-Control', 'no-cache') }),
    )
}
