// Serves the built call page on a fixed loopback port, and takes LiveKit's webhooks (answered 200 and
// dropped: the bench does not need them, and a webhook URL nobody answers would fill LiveKit's log).
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
}

export interface CallSite {
  url: string
  webhookUrl: string
  close(): Promise<void>
}

export function serveCallPage(dir: string, port: number): Promise<CallSite> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    if (request.method === 'POST') {
      request.resume()
      request.on('end', () => response.writeHead(200).end())
      return
    }
    const file = join(dir, normalize(path === '/' ? '/index.html' : path))
    if (!file.startsWith(dir)) {
      response.writeHead(404).end()
      return
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
        response.end(body)
      },
      () => response.writeHead(404).end(),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${port}/`
      resolve({
        url,
        webhookUrl: `${url}livekit-webhook`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
}
