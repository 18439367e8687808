import { AddTrackRequest, SignalRequest, SignalResponse, TrackSource, TrackType } from '@livekit/protocol'
import { WebSocket } from 'ws'

type SignalCase = NonNullable<SignalResponse['message']['case']>
type SignalValue<C extends SignalCase> =
  Extract<SignalResponse['message'], { case: C }> extends { value: infer V } ? V : never

/**
 * A participant on LiveKit's own signalling protocol (protobuf over the /rtc websocket), without
 * media: enough to join a room with a token, ask to publish, and read what LiveKit answers.
 */
export class SignalPeer {
  readonly received: SignalResponse[] = []
  #socket: WebSocket
  #waiters = new Set<() => void>()

  private constructor(socket: WebSocket) {
    this.#socket = socket
    socket.on('message', (data: ArrayBuffer) => {
      this.received.push(SignalResponse.fromBinary(new Uint8Array(data)))
      for (const wake of this.#waiters) wake()
    })
    socket.on('close', () => {
      for (const wake of this.#waiters) wake()
    })
  }

  /** Joins with the token the board handed out; resolves once LiveKit's join response arrived. */
  static async join(url: string, token: string): Promise<SignalPeer> {
    const address = `${url.replace(/^http/, 'ws')}/rtc?access_token=${encodeURIComponent(token)}&protocol=16&sdk=js&auto_subscribe=1`
    const socket = new WebSocket(address)
    socket.binaryType = 'arraybuffer'
    const peer = new SignalPeer(socket)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`LiveKit refused the join with HTTP ${response.statusCode}`)),
      )
    })
    await peer.next('join')
    return peer
  }

  /** The first message of this kind (already received or still to come), or an error after the timeout. */
  async next<C extends SignalCase>(kind: C, timeoutMs = 5_000): Promise<SignalValue<C>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.received.find((message) => message.message.case === kind)
      if (found) return found.message.value as unknown as SignalValue<C>
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`LiveKit sent no ${kind} within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake)
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(wake, left)
        this.#waiters.add(wake)
      })
    }
  }

  /** Asks LiveKit to publish a microphone track (the first step of publishing). */
  publishMicrophone(): void {
    const request = new SignalRequest({
      message: {
        case: 'addTrack',
        value: new AddTrackRequest({
          cid: 'microphone-1',
          name: 'microphone',
          type: TrackType.AUDIO,
          source: TrackSource.MICROPHONE,
        }),
      },
    })
    this.#socket.send(request.toBinary())
  }

  /** Resolves when LiveKit closes the connection (e.g. the participant was removed). */
  closed(timeoutMs = 5_000): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('LiveKit kept the connection open')), timeoutMs)
      this.#socket.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  close(): void {
    this.#socket.close()
  }
}
