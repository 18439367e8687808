import { createServer } from 'node:net'

/** A loopback port nobody listened on a moment ago: bound on port 0, read, and closed again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port)
        else reject(new Error('the probe socket has no port'))
      })
    })
  })
}

/**
 * Starts a server on a free port. Between closing the probe and the server's bind, another process
 * may take the port; then the start fails, and it is tried again on a new port, up to three times.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await start(await freePort())
    } catch (error) {
      lastError = error
    }
  }
  throw lastError
}
