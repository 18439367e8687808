// The attacker: a partner with a modified client who sends hostile frames (hostileFrames.ts) to one
// board, and reconnects with a fresh connect token whenever the server closes the socket. Shared by the
// fuzz test and the benchmark's fuzz part.
//
// After each frame (or each burst) it pings the socket and waits for the pong or the close. The server
// handles a socket's frames in order and answers the ping only after the frames before it, and not at
// all once it closed the socket, so a pong means "handled and not refused" and every frame reaches a
// server that is still listening: which frames the server sees does not depend on timing.
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, stateVector, syncFrame } from './craft.ts'
import { hostileFrames } from './hostileFrames.ts'
import type { HostileFrame } from './hostileFrames.ts'

/** y-websocket message type of the server's refusal (MESSAGE_REFUSAL in @session-board/protocol). */
const MESSAGE_REFUSAL = 4
/** Connections in a row the server closes before they start: it has shut the attacker out. */
const SHUT_OUT_AFTER = 5

export interface AttackOptions {
  /** The sync endpoint, `ws://host:port/sync`. */
  wsBase: string
  sessionId: string
  /** A fresh connect token of the attacker (a partner), one per connection. */
  token: () => Promise<string>
  role: 'partnerA' | 'partnerB'
  seed: number
  frames: number
  /** Runs before each frame is sent (the fuzz test makes its honest edits from here). */
  beforeFrame?: (index: number) => Promise<void> | void
  /** How long one frame may go unanswered before the server counts as hung (default 60 s). */
  answerTimeoutMs?: number
}

export interface AttackReport {
  frames: number
  bytes: number
  connections: number
  /** Frames the server handled without closing the socket (accepted, or ignored as harmless). */
  handled: number
  /** Bursts during which the server closed the socket (the frames after the one it refused went unread). */
  closedBursts: number
  /**
   * The frames (or bursts) the server took longest to answer, from the send to its pong or close: while
   * it handles one, every other session on the server waits.
   */
  slowest: Array<{ kind: string; bytes: number; ms: number }>
  /** How the server closed the attacker's sockets, by close code. */
  closes: Record<string, number>
  /** Refusal messages the server sent before a close, by their code. */
  refusals: Record<string, number>
  /** Per kind of frame: sent, and how many (sent alone) the server closed the socket for. */
  byKind: Record<string, { sent: number; closed: number }>
  /** Marker cards the server accepted: it must keep them. */
  acceptedMarkers: string[]
  /** Set when the server kept closing new connections at once (it shut the attacker out). */
  shutOut: string | null
  ms: number
}

const sizeOf = ({ data }: HostileFrame): number =>
  typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength

interface Link {
  ws: WebSocket
  closed: Promise<{ code: number; reason: string }>
  isClosed: () => boolean
}

export async function attack(options: AttackOptions): Promise<AttackReport> {
  const started = performance.now()
  const report: AttackReport = {
    frames: 0,
    bytes: 0,
    connections: 0,
    handled: 0,
    closedBursts: 0,
    slowest: [],
    closes: {},
    refusals: {},
    byKind: {},
    acceptedMarkers: [],
    shutOut: null,
    ms: 0,
  }
  const answerTimeoutMs = options.answerTimeoutMs ?? 60_000
  let base: Uint8Array | null = null
  // The next connection's token is fetched while the current one is in use; a failure shows when it is awaited.
  const fetchToken = (): Promise<string> => {
    const token = options.token()
    token.catch(() => {})
    return token
  }
  let nextToken = fetchToken()
  let refusedInARow = 0

  const connect = async (): Promise<Link | null> => {
    const token = await nextToken
    nextToken = fetchToken()
    const ws = new WebSocket(`${options.wsBase}/${options.sessionId}?token=${encodeURIComponent(token)}`)
    report.connections++
    ws.on('error', () => {}) // writes after the server closed fail with EPIPE; the close says the rest
    let isClosed = false
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => {
        isClosed = true
        report.closes[code] = (report.closes[code] ?? 0) + 1
        resolve({ code, reason: reason.toString() })
      }),
    )
    let gotBase: (update: Uint8Array) => void = () => {}
    const baseArrived = new Promise<Uint8Array>((resolve) => (gotBase = resolve))
    const firstMessage = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        resolve()
        const decoder = decoding.createDecoder(new Uint8Array(data))
        try {
          const type = decoding.readVarUint(decoder)
          if (type === MESSAGE_REFUSAL) {
            const { code } = JSON.parse(decoding.readVarString(decoder)) as { code?: string }
            report.refusals[String(code)] = (report.refusals[String(code)] ?? 0) + 1
          } else if (type === MESSAGE_SYNC && decoding.readVarUint(decoder) === SYNC_STEP2) {
            gotBase(decoding.readVarUint8Array(decoder))
          }
        } catch {
          // Not ours to judge: the server's other frames (updates, presence) are read by honest clients.
        }
      })
    })
    // The server greets an attached connection with its sync step 1; only then are frames handled in order.
    await Promise.race([firstMessage, closed])
    if (isClosed) return null
    if (!base) {
      ws.send(syncFrame(SYNC_STEP1, stateVector([])))
      base = await Promise.race([baseArrived, closed.then(() => null)])
      if (!base) return null
    }
    return { ws, closed, isClosed: () => isClosed }
  }

  let link = null as Link | null
  /** Frames sent since the last answer, with their kinds and markers, to settle when it comes. */
  let unanswered: HostileFrame[] = []
  let frames: Generator<HostileFrame> | null = null

  const answer = async (current: Link): Promise<'handled' | 'closed'> => {
    const pong = new Promise<'handled'>((resolve) => current.ws.once('pong', () => resolve('handled')))
    current.ws.ping()
    let timer: NodeJS.Timeout | undefined
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the server did not answer within ${answerTimeoutMs} ms`)),
        answerTimeoutMs,
      )
    })
    try {
      return await Promise.race([pong, current.closed.then(() => 'closed' as const), hung])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Books the frames sent since the last answer: all handled, or the socket closed on one of them. */
  const settle = (outcome: 'handled' | 'closed'): void => {
    if (outcome === 'handled') {
      report.handled += unanswered.length
      for (const sent of unanswered) if (sent.markerId) report.acceptedMarkers.push(sent.markerId)
    } else if (unanswered.length === 1) {
      report.byKind[unanswered[0]!.kind]!.closed++
    } else if (unanswered.length > 1) {
      // Which frame of the burst made the server close is not known; the ones after it went unread.
      report.closedBursts++
    }
    unanswered = []
  }

  let sentAt = 0
  const noteTime = (entry: AttackReport['slowest'][number]): void => {
    const slowest = report.slowest
    if (slowest.length >= 5 && entry.ms <= (slowest.at(-1)?.ms ?? 0)) return
    slowest.push(entry)
    slowest.sort((a, b) => b.ms - a.ms)
    slowest.length = Math.min(slowest.length, 5)
  }

  for (let index = 0; index < options.frames; index++) {
    await options.beforeFrame?.(index)
    if (link?.isClosed()) settle('closed')
    while (!link || link.isClosed()) {
      link = await connect()
      if (link) refusedInARow = 0
      else if (++refusedInARow >= SHUT_OUT_AFTER) {
        report.shutOut = `the server closed ${SHUT_OUT_AFTER} new connections in a row before they started`
        break
      }
    }
    if (!link || link.isClosed() || !base) break
    frames ??= hostileFrames(options.seed, options.frames, { base, role: options.role })
    const next = frames.next()
    if (next.done) break
    const frame = next.value
    report.byKind[frame.kind] ??= { sent: 0, closed: 0 }
    report.byKind[frame.kind]!.sent++
    report.frames++
    report.bytes += sizeOf(frame)
    link.ws.send(frame.data, { binary: typeof frame.data !== 'string' })
    if (unanswered.length === 0) sentAt = performance.now()
    unanswered.push(frame)
    if (frame.burst && index < options.frames - 1) continue
    const kind = unanswered.length === 1 ? frame.kind : `burst of ${unanswered.length}`
    const bytes = unanswered.reduce((sum, sent) => sum + sizeOf(sent), 0)
    settle(await answer(link))
    noteTime({ kind, bytes, ms: Math.round(performance.now() - sentAt) })
  }
  if (link && !link.isClosed()) {
    link.ws.close(1000)
    await link.closed
  }
  await nextToken.catch(() => null)
  report.ms = Math.round(performance.now() - started)
  return report
}
