import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

/**
 * The built web app (production only), so one port serves the page, its assets and the sync socket.
 * A page load of any other path (a browser asking for HTML) is one of the single-page app's own routes
 * and gets index.html; the app shows its own 'not found'. The API keeps its JSON errors.
 */
export function webRoutes(webDist: string) {
  const indexHtml = join(webDist, 'index.html')
  const appPage = serveStatic({
    path: indexHtml,
    onFound: (_path, c) => void c.header('Cache-Control', 'no-cache'),
  })
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
    .get('*', async (c, next) => {
      const isPageLoad = (c.req.header('accept') ?? '').includes('text/html')
      if (!isPageLoad || c.req.path.startsWith('/api/')) return next()
      return appPage(c, next)
    })
}
