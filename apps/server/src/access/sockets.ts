import type { DocumentRegistry } from '../sync/registry.ts'
import type { Bus, SocketMatch } from './bus.ts'

/**
 * Closing people's sockets when their access ends (withdrawn, locked, signed out, idle): at once on
 * this instance and, through the bus, on every other. A closed socket cannot come back: the door
 * reads the store on every connect.
 */
export class Sockets {
  #registry: DocumentRegistry
  #bus: Bus

  constructor(registry: DocumentRegistry, bus: Bus) {
    this.#registry = registry
    this.#bus = bus
    bus.subscribe((event) => {
      if (event.kind === 'closeSockets') registry.closeFor(event.match, event.code, event.reason)
    })
  }

  /** Closes the matching sockets; returns how many were open on this instance. */
  closeFor(match: SocketMatch, code: number, reason: string): number {
    const closed = this.#registry.closeFor(match, code, reason)
    this.#bus.publish({ kind: 'closeSockets', match, code, reason })
    return closed
  }
}
