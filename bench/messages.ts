// The IPC vocabulary between the orchestrator (run.ts) and its client workers (clients.ts).
import type { EditMode } from './edits.ts'
import type { SyncProtocol } from './links.ts'

export type ToWorker =
  | {
      type: 'connect'
      protocol: SyncProtocol
      /** The servers' URLs (y-websocket: the base the room is appended to); most runs have one. */
      wsBases: string[]
      /**
       * Per session, per client: the index in `wsBases` of the server it connects to. Null: every
       * client connects to the first.
       */
      placement: number[][] | null
      sessionIds: string[]
      /** Per session, the connect token of each of its 3 clients (`?token=`); null without a door. */
      tokens: string[][] | null
      mode: EditMode
      concurrency: number
      timeoutMs: number
    }
  | { type: 'edit'; intervalMs: number; firstSlot: number; totalSlots: number }
  | { type: 'stop' }
  | { type: 'drain'; timeoutMs: number }
  | { type: 'report' }
  | { type: 'leave'; timeoutMs: number }

export interface WorkerReport {
  /** Edits made by this worker's clients. */
  sent: number
  /** Sum over (peer, other client of its session) of the other client's edit count. */
  expected: number
  /** Of `expected`, the edits a peer observed or saw superseded by a later seq of the same client. */
  covered: number
  /** Remote values a peer's observer actually saw (an edit overwritten before delivery is not seen). */
  observed: number
  pairs: number
  /** (peer, other) pairs where the peer ended on the other's final seq. */
  peersCaughtUp: number
  /** Provider 'disconnected' events before the clients were asked to leave (a reconnect is a lost link). */
  disconnects: number
  /** Closes with a 44xx code (the door or the write rules refused); must be 0. */
  refusedCloses: number
  /** Refusal messages (y-websocket message type 4) our server sends before closing with 4403. */
  refusalMessages: number
  refusalSample: string | null
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  /** CPU of this worker over the edit window as a share of one core, to tell whether clients saturated. */
  cpuShare: number
  /** Edit-to-peer latency in ms, one per observed remote value. */
  latencies: number[]
  /** For each of `latencies`, the second of the edit window in which its edit was made. */
  latencySeconds: number[]
  /** The latencies whose sender and peer were connected to different servers (none with one server). */
  crossLatencies: number[]
  /**
   * Sessions whose 3 clients ended with the same document: the same state vector, and every client's
   * final edit in it.
   */
  converged: number
  /** By second of the edit window in which the edit was made: the worst latency of those edits. */
  worstBySecond: number[]
  /** Each client's last seq, by session id, to check what a persistent server stored. */
  finalSeqs: Record<string, number[]>
}

export type FromWorker =
  | { type: 'connected'; synced: number; prepared: number; clients: number; ms: number }
  | { type: 'stopped'; sent: number }
  | { type: 'drained'; complete: boolean; ms: number }
  | { type: 'report'; report: WorkerReport }
  | { type: 'left'; stillOpen: number }
