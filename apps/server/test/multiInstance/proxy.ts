import { type Server, type Socket, connect, createServer } from 'node:net'

/**
 * A loopback TCP proxy in front of several instances, as a load balancer without sticky sessions:
 * each new connection goes to the next instance in turn, skipping one that refuses (a killed one).
 */
export async function startProxy(
  upstreams: readonly number[],
  port = 0,
): Promise<{ url: string; close: () => Promise<void> }> {
  let turn = 0
  const open = new Set<Socket>()
  const server: Server = createServer((client) => {
    open.add(client)
    client.on('close', () => open.delete(client))
    client.pause()
    const tryUpstream = (attempt: number) => {
      if (attempt >= upstreams.length) return client.destroy()
      const port = upstreams[turn++ % upstreams.length] as number
      const upstream = connect({ host: '127.0.0.1', port })
      let connected = false
      upstream.once('error', () => {
        if (connected) client.destroy()
        else tryUpstream(attempt + 1)
      })
      upstream.once('connect', () => {
        connected = true
        open.add(upstream)
        upstream.on('close', () => {
          open.delete(upstream)
          client.destroy()
        })
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        client.on('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    tryUpstream(0)
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port')
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
