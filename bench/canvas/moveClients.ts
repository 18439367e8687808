// Child process of the canvas move benchmark (moveLatency.ts): three y-websocket clients of one session,
// each with a bare tldraw store bound to its document by the canvas package's bindCanvas, as the web app
// binds its editor's store. Client 0 adds the goals and puts the 300 shapes into its store; once all
// three stores hold them it moves one shape at a time, and clients 1 and 2 note when their store holds the
// new position. All three live in this process, so both ends of a move read the same clock.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { LOCAL_ORIGIN, addGoal } from '@session-board/board'
import { bindCanvas, createCanvasSchema } from '@session-board/canvas'
import { Store } from '@tldraw/store'
import type { TLRecord, TLShape, TLStoreProps } from '@tldraw/tlschema'
import { connectClient, refusalNote, waitFor, whenSynced } from './client.ts'
import type { SyncClient } from './client.ts'
import { installFrameClock } from './frames.ts'
import { SHAPE_COUNT, seedShapes, seededRandom, withGoalIds } from './shapes.ts'

export interface MoveOptions {
  wsBase: string
  room: string
  /** The connect token of each of the 3 clients (`?token=`); null without a door. */
  tokens: string[] | null
  moves: number
  /** Each move waits a random time between these before the next. */
  intervalMs: [number, number]
  timeoutMs: number
}

export interface MoveReport {
  shapes: number
  /** From client 0's store.put of the shapes until all three stores hold them. */
  seedMs: number
  moves: number
  /** Per move and receiving client: move → that client's store holds the new position. */
  latencies: number[]
  /** Per move: move → client 0's binding wrote it to its document (its listener waits for a frame). */
  frameWaits: number[]
  /** Per move and receiver: that write → the receiving store holds it (network, server, binding). */
  afterWrites: number[]
  /** Moves a receiving client never saw, summed over both (a later move of the same shape may hide one). */
  missed: number
  refusedCloses: number
  refusalMessages: number
  refusalSample: string | null
  disconnects: number
  /** This process's CPU over the moves, as a share of one core, and its event-loop delay. */
  cpuShare: number
  loopDelayP99Ms: number
}

export type ToMoveClients = { type: 'start'; options: MoveOptions }
export type FromMoveClients =
  | { type: 'seeded'; ms: number }
  | { type: 'result'; report: MoveReport }
  | { type: 'failed'; message: string }

interface Move {
  at: number
  /** When client 0's binding wrote the move to its document. */
  writtenAt: number | null
  /** When client 1's and client 2's stores held it. */
  seenAt: [number | null, number | null]
}

const noAssets: TLStoreProps['assets'] = {
  upload: () => Promise.reject(new Error('no assets in the benchmark')),
  resolve: () => null,
  remove: () => Promise.resolve(),
}

type BenchStore = Store<TLRecord, TLStoreProps>

function createStore(): BenchStore {
  return new Store({
    schema: createCanvasSchema(),
    props: { defaultName: '', assets: noAssets, onMount: () => undefined },
  })
}

const shapeCount = (store: BenchStore): number =>
  store.allRecords().filter((record) => record.typeName === 'shape').length
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const send = (message: FromMoveClients): void => void process.send?.(message)

async function run(options: MoveOptions): Promise<MoveReport> {
  installFrameClock()
  const clients: SyncClient[] = [0, 1, 2].map((i) =>
    connectClient(options.wsBase, options.room, options.tokens?.[i] ?? null),
  )
  try {
    await Promise.all(clients.map((client) => whenSynced(client, options.timeoutMs)))
    const stores = clients.map((client) => {
      const store = createStore()
      bindCanvas(store, client.doc)
      return store
    })
    const sender = clients[0] as SyncClient
    const [senderStore, ...receiverStores] = stores as [BenchStore, BenchStore, BenchStore]

    // Seed: the goals first (one transaction), then the shapes through client 0's store.
    const shapes = seedShapes(SHAPE_COUNT)
    const goalIds = new Map<string, string>()
    sender.doc.transact(() => {
      for (const { record, goalTitle } of shapes)
        if (goalTitle !== null) goalIds.set(record.id, addGoal(sender.doc, { title: goalTitle }))
    }, LOCAL_ORIGIN)
    const seedStarted = performance.now()
    senderStore.put(withGoalIds(shapes, goalIds))
    const seeded = await waitFor(
      () => stores.every((store) => shapeCount(store) === shapes.length),
      options.timeoutMs,
    )
    if (!seeded) {
      const counts = stores.map(shapeCount).join(', ')
      throw new Error(`the stores hold ${counts} shapes, not ${shapes.length}` + refusalNote(sender))
    }
    const seedMs = performance.now() - seedStarted
    send({ type: 'seeded', ms: seedMs })

    const moves: Move[] = []
    const byPosition = new Map<string, Move>()
    const positionKey = (shape: Pick<TLShape, 'id' | 'x' | 'y'>): string =>
      `${shape.id} ${shape.x} ${shape.y}`
    let firstUnwritten = 0
    sender.doc.on('afterTransaction', (transaction) => {
      if (transaction.origin !== LOCAL_ORIGIN) return
      const now = performance.now()
      for (; firstUnwritten < moves.length; firstUnwritten++) (moves[firstUnwritten] as Move).writtenAt = now
    })
    receiverStores.forEach((store, r) => {
      store.sideEffects.registerAfterChangeHandler('shape', (before, after, source) => {
        if (source !== 'remote' || (before.x === after.x && before.y === after.y)) return
        const move = byPosition.get(positionKey(after))
        if (move && move.seenAt[r] === null) move.seenAt[r] = performance.now()
      })
    })

    const random = seededRandom(7)
    const ids = shapes.map(({ record }) => record.id)
    const loopDelay = monitorEventLoopDelay({ resolution: 10 })
    loopDelay.enable()
    const cpuAtStart = process.cpuUsage()
    const movesStarted = performance.now()
    const [minMs, maxMs] = options.intervalMs
    for (let m = 0; m < options.moves; m++) {
      const id = ids[Math.floor(random() * ids.length)] as TLShape['id']
      const shape = senderStore.get(id) as TLShape
      // Anywhere on the page, on a 0.01 grid: each move is a distinct (id, x, y), found again by it.
      const x = Math.round(random() * 560_000) / 100
      const y = Math.round(random() * 330_000) / 100
      const move: Move = { at: performance.now(), writtenAt: null, seenAt: [null, null] }
      moves.push(move)
      byPosition.set(positionKey({ id, x, y }), move)
      senderStore.put([{ ...shape, x, y }])
      await sleep(minMs + random() * (maxMs - minMs))
    }
    const cpu = process.cpuUsage(cpuAtStart)
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - movesStarted)
    loopDelay.disable()
    // Drain: every move seen by both receivers, or 5 s.
    await waitFor(() => moves.every((move) => move.seenAt.every((at) => at !== null)), 5_000)

    const latencies: number[] = []
    const afterWrites: number[] = []
    let missed = 0
    for (const move of moves) {
      for (const seenAt of move.seenAt) {
        if (seenAt === null) {
          missed++
          continue
        }
        latencies.push(seenAt - move.at)
        if (move.writtenAt !== null) afterWrites.push(seenAt - move.writtenAt)
      }
    }
    const refused = clients.map((client) => client.refused)
    return {
      shapes: shapes.length,
      seedMs,
      moves: moves.length,
      latencies,
      frameWaits: moves.flatMap((move) => (move.writtenAt === null ? [] : [move.writtenAt - move.at])),
      afterWrites,
      missed,
      refusedCloses: refused.reduce((sum, r) => sum + r.closes, 0),
      refusalMessages: refused.reduce((sum, r) => sum + r.messages, 0),
      refusalSample: refused.find((r) => r.sample !== null)?.sample ?? null,
      disconnects: clients.reduce((sum, client) => sum + client.disconnects, 0),
      cpuShare,
      // The histogram measures timer periods, so the sampling interval itself is not delay.
      loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - 10),
    }
  } finally {
    for (const client of clients) client.destroy()
  }
}

process.once('message', (message: ToMoveClients) => {
  run(message.options).then(
    (report) => send({ type: 'result', report }),
    (error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  )
})
// The orchestrator owns our lifetime: if it goes away, so do we.
process.on('disconnect', () => process.exit(0))
