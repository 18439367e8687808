// The design's measured reason, in Node: how long an unmodified y-websocket client takes to sync the
// couple's one document, against the same content split in two documents opened over two sockets at
// once, and how many bytes go each way until then. Each round mints fresh connect tokens first (not
// timed), then times from opening the sockets to every provider's first `sync`; the payload bytes are
// counted by a WebSocket that tallies what it sends and receives (frame headers left out).
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { percentile } from '../stats.ts'
import { OtherLoad } from './otherLoad.ts'

export interface SyncBoard {
  /** The room: a live session's board opens its couple's document. */
  sessionId: string
  token(): Promise<string>
}

export interface SyncTarget {
  label: string
  boards: SyncBoard[]
}

export interface SyncRow {
  label: string
  sockets: number
  rounds: number
  ms: { p50: number; p90: number; min: number; max: number }
  /** Per round (the same every round): bytes the server sent and the client sent, until synced. */
  bytesReceived: number
  bytesSent: number
  /** Encoded state of the documents once synced (Y.encodeStateAsUpdate), summed. */
  stateBytes: number
  otherCores: number
  stealCores: number
  error: string | null
}

interface Tally {
  received: number
  sent: number
}

/** ws's WebSocket, counting payload bytes both ways into `tally`. */
function countingSocket(tally: Tally): typeof globalThis.WebSocket {
  class CountingSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args)
      this.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        tally.received += Array.isArray(data)
          ? data.reduce((sum, part) => sum + part.byteLength, 0)
          : data.byteLength
      })
      // The provider sends binary messages only, with no options.
      const send = this.send.bind(this) as (data: Uint8Array) => void
      this.send = ((data: Uint8Array) => {
        tally.sent += data.byteLength
        send(data)
      }) as WebSocket['send']
    }
  }
  // ws's class is what the provider expects of a browser WebSocket; its types differ only nominally.
  return CountingSocket as unknown as typeof globalThis.WebSocket
}

interface RoundResult {
  ms: number
  tally: Tally
  stateBytes: number
}

async function syncOnce(wsBase: string, target: SyncTarget): Promise<RoundResult> {
  const tokens = await Promise.all(target.boards.map((board) => board.token()))
  const tally: Tally = { received: 0, sent: 0 }
  const docs: Y.Doc[] = []
  const providers: WebsocketProvider[] = []
  const started = performance.now()
  try {
    await Promise.all(
      target.boards.map((board, i) => {
        const doc = new Y.Doc()
        const provider = new WebsocketProvider(wsBase, board.sessionId, doc, {
          WebSocketPolyfill: countingSocket(tally),
          disableBc: true,
          params: { token: tokens[i] ?? '' },
        })
        docs.push(doc)
        providers.push(provider)
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`${board.sessionId} did not sync within 30 s`)),
            30_000,
          )
          provider.on('connection-close', (event) => {
            if (event && event.code >= 4400 && event.code < 4500) {
              clearTimeout(timer)
              reject(new Error(`the server refused ${board.sessionId}: ${event.code} ${event.reason}`))
            }
          })
          provider.once('sync', () => {
            clearTimeout(timer)
            resolve()
          })
        })
      }),
    )
    const ms = performance.now() - started
    const stateBytes = docs.reduce((sum, doc) => sum + Y.encodeStateAsUpdate(doc).byteLength, 0)
    return { ms, tally: { ...tally }, stateBytes }
  } finally {
    for (const provider of providers) provider.destroy()
    for (const doc of docs) doc.destroy()
  }
}

/**
 * `rounds` syncs of each target, alternating which goes first, after one warm-up each (its connection
 * set-up, JIT and the server's first encoding of the documents are not what is compared).
 */
export async function measureSyncs(
  wsBase: string,
  targets: SyncTarget[],
  rounds: number,
  serverPid: number,
  log: (line: string) => void,
): Promise<SyncRow[]> {
  const loads = targets.map(() => new OtherLoad(() => [serverPid]))
  const results: RoundResult[][] = targets.map(() => [])
  const errors: (string | null)[] = targets.map(() => null)
  for (const target of targets) await syncOnce(wsBase, target).catch(() => undefined)
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? targets.keys() : [...targets.keys()].reverse()
    for (const i of order) {
      const target = targets[i] as SyncTarget
      if (errors[i] !== null) continue
      // The whole round is the window (token, sync, closing): all of it is this bench's own work.
      loads[i]?.start()
      try {
        results[i]?.push(await syncOnce(wsBase, target))
      } catch (error) {
        errors[i] = error instanceof Error ? error.message : String(error)
      } finally {
        loads[i]?.stop()
      }
    }
  }
  return targets.map((target, i) => {
    const done = results[i] ?? []
    const sorted = done.map((r) => r.ms).sort((a, b) => a - b)
    const last = done.at(-1)
    const row: SyncRow = {
      label: target.label,
      sockets: target.boards.length,
      rounds: done.length,
      ms: {
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        min: sorted[0] ?? NaN,
        max: sorted.at(-1) ?? NaN,
      },
      bytesReceived: last?.tally.received ?? NaN,
      bytesSent: last?.tally.sent ?? NaN,
      stateBytes: last?.stateBytes ?? NaN,
      otherCores: loads[i]?.cores ?? NaN,
      stealCores: loads[i]?.stealCores ?? NaN,
      error: errors[i] ?? null,
    }
    log(`  ${target.label}: median ${Math.round(row.ms.p50)} ms over ${row.rounds} syncs`)
    return row
  })
}
