// Worker process: runs a share of the sessions, each with 3 unmodified clients (y-websocket's, or
// Hocuspocus's provider for Hocuspocus: links.ts), and reports to the orchestrator over IPC. All 3
// clients of a session live here so that sender and receiver timestamps come from the same monotonic
// clock.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import { editsFor } from './edits.ts'
import type { Edits } from './edits.ts'
import { openLink } from './links.ts'
import type { Link, SyncProtocol } from './links.ts'
import type { ToWorker, FromWorker, WorkerReport } from './messages.ts'

const clientsPerSession = 3

interface Client {
  index: number
  doc: Y.Doc
  link: Link
  /** The index of the server this client is connected to (several instances of one service). */
  server: number
  seq: number
  /** Last seq seen from each other client of the session, by client index. */
  lastSeen: number[]
  disconnects: number
  timer: NodeJS.Timeout | null
}

let edits: Edits = editsFor('bench-map')
/** Closes with a 44xx code (door refused, or a write refused: 4403) and refusal messages (type 4). */
const refused = { closes: 0, messages: 0, sample: null as string | null }

const sessions: Client[][] = []
const sessionIds: string[] = []
const latencies: number[] = []
const crossLatencies: number[] = []
/** Worst latency seen in each second of the edit window, to tell periodic stalls from steady queuing. */
const worstBySecond: number[] = []
/** The second of the edit window in which each latency's edit was made (parallel to `latencies`). */
const latencySeconds: number[] = []
let observed = 0
let editing = false
const loopResolutionMs = 10
const loopDelay = monitorEventLoopDelay({ resolution: loopResolutionMs })
let cpuAtEditStart = process.cpuUsage()
let wallAtEditStart = 0
let workerCpuShare = NaN

function send(message: FromWorker): void {
  process.send?.(message)
}

function createClient(
  protocol: SyncProtocol,
  wsBases: string[],
  servers: number[],
  sessionId: string,
  index: number,
  params: Record<string, string>,
): Client {
  const doc = new Y.Doc()
  const server = servers[index] ?? 0
  const state: Omit<Client, 'link'> = {
    index,
    doc,
    server,
    seq: 0,
    lastSeen: [0, 0, 0],
    disconnects: 0,
    timer: null,
  }
  const link = openLink(protocol, {
    url: wsBases[server] as string,
    room: sessionId,
    doc,
    params,
    events: {
      disconnected: () => state.disconnects++,
      refused: (how, sample) => {
        if (how === 'message') refused.messages++
        else refused.closes++
        refused.sample ??= sample
      },
    },
  })
  const client: Client = Object.assign(state, { link })
  edits.observe(doc, index, (from, value) => {
    const now = performance.now()
    observed++
    const latency = Math.round((now - value.t) * 1000) / 1000
    latencies.push(latency)
    if ((servers[from] ?? 0) !== server) crossLatencies.push(latency)
    const second = Math.floor((value.t - wallAtEditStart) / 1000)
    latencySeconds.push(second)
    if (second >= 0) worstBySecond[second] = Math.max(worstBySecond[second] ?? 0, latency)
    if (value.seq > (client.lastSeen[from] ?? 0)) client.lastSeen[from] = value.seq
  })
  return client
}

async function connect(message: Extract<ToWorker, { type: 'connect' }>): Promise<void> {
  const started = performance.now()
  edits = editsFor(message.mode)
  let synced = 0
  let prepared = 0
  let next = 0
  // A bounded number of sessions handshake at once so the ramp-up does not become the benchmark.
  const lane = async (): Promise<void> => {
    while (next < message.sessionIds.length) {
      const s = next++
      const sessionId = message.sessionIds[s] as string
      // One connect token per client when the server has a door (`?token=`); none for open hooks.
      const paramsOf = (i: number): Record<string, string> => {
        const token = message.tokens?.[s]?.[i]
        return token ? { token } : {}
      }
      const servers = message.placement?.[s] ?? [0, 0, 0]
      const clients = [0, 1, 2].map((i) =>
        createClient(message.protocol, message.wsBases, servers, sessionId, i, paramsOf(i)),
      )
      sessions.push(clients)
      sessionIds.push(sessionId)
      const results = await Promise.all(clients.map((c) => c.link.whenSynced(message.timeoutMs)))
      synced += results.filter(Boolean).length
      const docs = clients.map((c) => c.doc)
      if (results.every(Boolean) && (await edits.prepare(docs, message.timeoutMs))) prepared++
    }
  }
  await Promise.all(Array.from({ length: message.concurrency }, lane))
  send({
    type: 'connected',
    synced,
    prepared,
    clients: sessions.length * clientsPerSession,
    ms: performance.now() - started,
  })
}

function startEditing(message: Extract<ToWorker, { type: 'edit' }>): void {
  editing = true
  cpuAtEditStart = process.cpuUsage()
  wallAtEditStart = performance.now()
  loopDelay.reset()
  loopDelay.enable()
  sessions.forEach((clients, s) => {
    for (const client of clients) {
      // Spread first edits evenly over one interval, across this worker's and the other workers' clients.
      const slot = (message.firstSlot + s * clientsPerSession + client.index) % message.totalSlots
      const offset = (slot / message.totalSlots) * message.intervalMs
      client.timer = setTimeout(() => {
        edit(client)
        client.timer = setInterval(() => edit(client), message.intervalMs)
      }, offset)
    }
  })
}

function edit(client: Client): void {
  if (!editing) return
  client.seq++
  edits.write(client.doc, client.index, { seq: client.seq, t: performance.now() })
}

function stopEditing(): void {
  editing = false
  loopDelay.disable()
  const cpu = process.cpuUsage(cpuAtEditStart)
  workerCpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallAtEditStart)
  for (const client of sessions.flat()) {
    if (client.timer) clearTimeout(client.timer) // clears intervals too
    client.timer = null
  }
  send({ type: 'stopped', sent: sessions.flat().reduce((sum, c) => sum + c.seq, 0) })
}

/** True when every client has seen the final seq of every other client of its session. */
function allCaughtUp(): boolean {
  return sessions.every((clients) =>
    clients.every((peer) =>
      clients.every((other) => other === peer || peer.lastSeen[other.index] === other.seq),
    ),
  )
}

async function drain(timeoutMs: number): Promise<void> {
  const started = performance.now()
  while (!allCaughtUp() && performance.now() - started < timeoutMs) await sleep(50)
  send({ type: 'drained', complete: allCaughtUp(), ms: performance.now() - started })
}

/** True when the session's 3 documents hold the same state and every client's final edit. */
function converged(clients: Client[]): boolean {
  const finals = clients.map((c) => c.seq)
  const vectors = clients.map((c) => Y.encodeStateVector(c.doc))
  const [first] = vectors
  return (
    first !== undefined &&
    vectors.every((v) => Buffer.compare(v, first) === 0) &&
    clients.every((c) => edits.seqsIn(c.doc).every((seq, i) => seq === finals[i]))
  )
}

function report(): WorkerReport {
  let expected = 0
  let covered = 0
  let peersCaughtUp = 0
  let pairs = 0
  for (const clients of sessions) {
    for (const peer of clients) {
      for (const other of clients) {
        if (other === peer) continue
        pairs++
        expected += other.seq
        // seqs below the last one seen were either observed or overwritten by a newer value of the
        // same key before this peer applied them; either way the peer's state reflects them.
        covered += Math.min(peer.lastSeen[other.index] ?? 0, other.seq)
        if (peer.lastSeen[other.index] === other.seq) peersCaughtUp++
      }
    }
  }
  return {
    sent: sessions.flat().reduce((sum, c) => sum + c.seq, 0),
    expected,
    covered,
    observed,
    pairs,
    peersCaughtUp,
    disconnects: sessions.flat().reduce((sum, c) => sum + c.disconnects, 0),
    refusedCloses: refused.closes,
    refusalMessages: refused.messages,
    refusalSample: refused.sample,
    // The histogram measures timer periods, so the sampling interval itself is not delay.
    loopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - loopResolutionMs),
    loopDelayMaxMs: Math.max(0, loopDelay.max / 1e6 - loopResolutionMs),
    cpuShare: workerCpuShare,
    latencies,
    latencySeconds,
    crossLatencies,
    converged: sessions.filter(converged).length,
    worstBySecond: Array.from(worstBySecond, (v) => v ?? 0),
    finalSeqs: Object.fromEntries(sessions.map((clients, s) => [sessionIds[s], clients.map((c) => c.seq)])),
  }
}

async function leave(timeoutMs: number): Promise<void> {
  const all = sessions.flat()
  for (const client of all) {
    client.link.destroy()
    client.doc.destroy()
  }
  const started = performance.now()
  while (all.some((c) => !c.link.closed) && performance.now() - started < timeoutMs) await sleep(50)
  send({ type: 'left', stillOpen: all.filter((c) => !c.link.closed).length })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

process.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'connect':
      void connect(message)
      break
    case 'edit':
      startEditing(message)
      break
    case 'stop':
      stopEditing()
      break
    case 'drain':
      void drain(message.timeoutMs)
      break
    case 'report':
      send({ type: 'report', report: report() })
      break
    case 'leave':
      void leave(message.timeoutMs)
      break
  }
})
// The orchestrator owns our lifetime: if it goes away, so do we.
process.on('disconnect', () => process.exit(0))
// y-websocket adds one process 'exit' listener per provider in Node; hundreds here are expected.
process.setMaxListeners(0)
