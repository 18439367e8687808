import type { ClientOwner } from '../store/types.ts'

/** A stored row as another instance hears of it: its seq, the update and the client ids it claimed. */
export type RemoteRow = { seq: number; update: Uint8Array; claims: readonly ClientOwner[] }

/** What one loaded document hears from the other instances. */
export type FanoutListener = {
  row: (row: RemoteRow) => void
  /** An awareness update from instance `from`; never stored. */
  presence: (from: string, update: Uint8Array) => void
  /** Another instance just opened the document and asks for the presence of everyone here. */
  presenceAsked: () => void
}

/**
 * The news between the instances that serve the same documents. The store orders and keeps every
 * update; the fan-out only tells the others sooner. A message it loses delays an update (the registry
 * catches up from the store by seq), never loses one.
 */
export interface Fanout {
  readonly instanceId: string
  /** Whether news is flowing; while it is not, the registry polls the store. */
  readonly healthy: boolean
  /** Starts hearing one document's news; resolves once subscribed, so a load after it misses nothing. */
  join(name: string, listener: FanoutListener): Promise<void>
  leave(name: string): void
  publishRow(name: string, row: RemoteRow): void
  publishPresence(name: string, update: Uint8Array): void
  /** Asks the instances that have the document open for their peers' presence (after a load). */
  askPresence(name: string): void
  /** The instances heard from lately (their presence is dropped once they fall silent). */
  peers(): ReadonlySet<string>
  /** Called on every reconnection after the first: whatever was published meanwhile was missed. */
  onReconnect(listener: () => void): void
  close(): Promise<void>
}

/** One instance alone: nobody to tell, nothing to hear. */
export const noFanout: Fanout = {
  instanceId: 'single',
  healthy: true,
  join: async () => {},
  leave: () => {},
  publishRow: () => {},
  publishPresence: () => {},
  askPresence: () => {},
  peers: () => new Set(),
  onReconnect: () => {},
  close: async () => {},
}
