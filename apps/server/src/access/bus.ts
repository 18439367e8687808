import type { SocketMatch } from '../sync/registry.ts'
import type { AlertEvent } from './alerts.ts'

export type { SocketMatch }

/** News that every instance of the server must act on. */
export type BusEvent =
  | { kind: 'closeSockets'; match: SocketMatch; code: number; reason: string }
  | { kind: 'sessionChanged'; sessionId: string; live: boolean }
  | { kind: 'alert'; therapistId: string; event: AlertEvent }

/**
 * What the instances tell each other. The instance where something happens acts on it first, itself,
 * and publishes it for the others; a listener hears only other instances' events.
 */
export interface Bus {
  publish(event: BusEvent): void
  /** Returns the call that stops listening. */
  subscribe(listener: (event: BusEvent) => void): () => void
  close(): Promise<void>
}

/** One instance alone (the embedded default): there is nobody to tell. */
export class LocalBus implements Bus {
  publish(): void {}
  subscribe(): () => void {
    return () => {}
  }
  async close(): Promise<void> {}
}
