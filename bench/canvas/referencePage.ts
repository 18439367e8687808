// The bare tldraw reference page: built by buildReference.ts into a temporary directory and served by a
// tiny static server here, with the bench's shapes at /shapes.json.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const builder = fileURLToPath(new URL('./buildReference.ts', import.meta.url))

export async function buildReferencePage(outDir: string): Promise<number> {
  const started = performance.now()
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  await promisify(execFile)(process.execPath, [builder, outDir], { env, maxBuffer: 16 * 1024 * 1024 })
  return performance.now() - started
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
}

export interface StaticSite {
  url: string
  close(): Promise<void>
}

/** Serves `dir` on a free loopback port: `/shapes.json` is `shapesJson`, an unknown path index.html. */
export function serveReferencePage(dir: string, shapesJson: string): Promise<StaticSite> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    if (path === '/shapes.json') {
      response.writeHead(200, { 'content-type': contentTypes['.json'] as string })
      response.end(shapesJson)
      return
    }
    const file = join(dir, normalize(path === '/' ? '/index.html' : path))
    const send = (name: string): Promise<void> =>
      readFile(name).then((body) => {
        response.writeHead(200, { 'content-type': contentTypes[extname(name)] ?? 'application/octet-stream' })
        response.end(body)
      })
    send(file.startsWith(dir) ? file : join(dir, 'index.html')).catch(() =>
      send(join(dir, 'index.html')).catch(() => {
        response.writeHead(404)
        response.end()
      }),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
