import { DisconnectReason, LogLevel, Room, RoomEvent, isE2EESupported, setLogLevel } from 'livekit-client'
import type { CallDetails } from '@session-board/protocol'
import { SessionKeyProvider, decodeCallKey } from './callKey.ts'
import { callReducer, endsAccess, initialCallState } from './callState.ts'
import type { CallEvent, CallState } from './callState.ts'

// LiveKit's info logs name rooms and identities; the browser console keeps warnings and errors only.
setLogLevel(LogLevel.warn)

/** The token lives ten minutes; asking again well before re-checks access and keeps a fresh one. */
export const DETAILS_REFRESH_MS = 4 * 60_000
/** A new key is used for sending this long after it arrived: everyone in the call fetches it first. */
export const KEY_SWITCH_DELAY_MS = 3_000
/** While the therapist has not opened the call, ask again this often. */
export const WAITING_RETRY_MS = 5_000

export interface JoinChoices {
  /** Observers only watch: nothing is published. */
  publish: boolean
  micOn: boolean
  cameraOn: boolean
  audioDeviceId?: string | undefined
  videoDeviceId?: string | undefined
}

export interface CallSnapshot extends CallState {
  room: Room | null
  /** A problem with this device's camera or microphone, said plainly; the call goes on without it. */
  deviceProblem: string | null
  /** The generation of the key the call is encrypted with now; -1 before joining. */
  keyIndex: number
  /** The call got a new key while this person was in it (someone was removed). */
  rekeyed: boolean
}

/** A refusal as lib/api's ApiFailure carries it; read by shape, so this lazy chunk loads no schemas. */
export interface CallRefusal {
  status: number
  code: string
  message: string
}

export function readRefusal(error: unknown): CallRefusal {
  if (error instanceof Error && 'status' in error && 'code' in error) {
    const { status, code } = error as Error & { status: unknown; code: unknown }
    if (typeof status === 'number' && typeof code === 'string')
      return { status, code, message: error.message }
  }
  return { status: 0, code: 'unexpected', message: 'The call details could not be read. Please try again.' }
}

function disconnectMessage(reason: DisconnectReason | undefined): string | null {
  switch (reason) {
    case DisconnectReason.CLIENT_INITIATED:
      return null
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'You were removed from the call.'
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'You joined the call from another window or device, so this one left.'
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'The call was closed.'
    default:
      return 'The call was interrupted. You can join again.'
  }
}

/**
 * One person's part in the session's video call: asks the server for details (waiting while the call is
 * not open), joins LiveKit end-to-end encrypted, re-checks access every few minutes, installs each new
 * key, and stops everything on leave.
 */
export class CallSession {
  readonly #sessionId: string
  readonly #fetchDetails: (sessionId: string) => Promise<CallDetails>
  readonly #listeners = new Set<() => void>()
  #snapshot: CallSnapshot = {
    ...initialCallState,
    room: null,
    deviceProblem: null,
    keyIndex: -1,
    rekeyed: false,
  }
  #room: Room | null = null
  #worker: Worker | null = null
  #keys: SessionKeyProvider | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #keyFetch: Promise<void> | null = null
  /** Bumped on every join and leave, so an answer that arrives late for an old attempt is dropped. */
  #attempt = 0

  constructor(sessionId: string, fetchDetails: (sessionId: string) => Promise<CallDetails>) {
    this.#sessionId = sessionId
    this.#fetchDetails = fetchDetails
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  getSnapshot = (): CallSnapshot => this.#snapshot

  #update(patch: Partial<CallSnapshot>) {
    this.#snapshot = { ...this.#snapshot, ...patch }
    for (const listener of this.#listeners) listener()
  }

  #dispatch(event: CallEvent) {
    const next = callReducer(this.#snapshot, event)
    if (next.phase !== this.#snapshot.phase || next.message !== this.#snapshot.message) this.#update(next)
  }

  #refused(error: unknown): CallRefusal {
    const refusal = readRefusal(error)
    this.#dispatch({ type: 'refused', ...refusal })
    return refusal
  }

  #schedule(ms: number, run: () => void) {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = null
      run()
    }, ms)
  }

  async join(choices: JoinChoices): Promise<void> {
    await this.#stop()
    const attempt = ++this.#attempt
    this.#update({ deviceProblem: null, keyIndex: -1, rekeyed: false })
    this.#dispatch({ type: 'join' })
    let details: CallDetails
    try {
      details = await this.#fetchDetails(this.#sessionId)
    } catch (error) {
      if (attempt !== this.#attempt) return
      const failure = this.#refused(error)
      if (failure.code === 'call_not_open') this.#schedule(WAITING_RETRY_MS, () => void this.join(choices))
      return
    }
    if (attempt !== this.#attempt) return

    if (!isE2EESupported()) {
      // Never fall back to a call the video server could see into.
      this.#dispatch({
        type: 'refused',
        status: 0,
        code: 'e2ee_unsupported',
        message:
          'This browser cannot join an end-to-end encrypted call. A current Chrome, Edge, Firefox or Safari can.',
      })
      return
    }
    try {
      const keys = new SessionKeyProvider()
      // Served from our own origin as a file (CSP: default-src 'self'), never a blob.
      const worker = new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), { type: 'module' })
      const room = new Room({
        adaptiveStream: true,
        dynacast: true,
        encryption: { keyProvider: keys, worker },
        ...(choices.audioDeviceId ? { audioCaptureDefaults: { deviceId: choices.audioDeviceId } } : {}),
        ...(choices.videoDeviceId ? { videoCaptureDefaults: { deviceId: choices.videoDeviceId } } : {}),
      })
      this.#room = room
      this.#worker = worker
      this.#keys = keys
      room
        .on(RoomEvent.Reconnecting, () => this.#dispatch({ type: 'reconnecting' }))
        .on(RoomEvent.Reconnected, () => this.#dispatch({ type: 'reconnected' }))
        .on(RoomEvent.Disconnected, (reason) => {
          if (this.#room !== room) return
          this.#dispatch({ type: 'disconnected', message: disconnectMessage(reason) })
          void this.#stop()
        })
      await keys.setSessionKey(decodeCallKey(details.e2ee.key), details.e2ee.keyIndex)
      this.#update({ keyIndex: details.e2ee.keyIndex })
      await room.setE2EEEnabled(true)
      // The server says which ICE servers: none on loopback (no STUN or TURN from anywhere), or null for
      // the deployment's own LiveKit, which offers its TURN servers itself.
      await room.connect(
        details.url,
        details.token,
        details.iceServers ? { rtcConfig: { iceServers: details.iceServers } } : {},
      )
    } catch {
      if (attempt !== this.#attempt) return
      await this.#stop()
      this.#dispatch({
        type: 'refused',
        status: 503,
        code: 'video_unreachable',
        message: 'The call could not be reached from this device. Please try again.',
      })
      return
    }
    const room = this.#room
    if (attempt !== this.#attempt || !room) return
    this.#update({ room })
    this.#dispatch({ type: 'connected' })
    this.#schedule(DETAILS_REFRESH_MS, () => void this.#recheck(attempt))
    if (choices.publish) await this.#publish(room, choices)
  }

  async #publish(room: Room, choices: JoinChoices) {
    const { localParticipant } = room
    const problems: string[] = []
    try {
      await localParticipant.setCameraEnabled(choices.cameraOn)
    } catch {
      problems.push('camera')
    }
    try {
      await localParticipant.setMicrophoneEnabled(choices.micOn)
    } catch {
      problems.push('microphone')
    }
    if (problems.length > 0 && this.#room === room) {
      this.#update({
        deviceProblem: `Your ${problems.join(' and ')} could not be started. Check the browser’s permission for this page.`,
      })
    }
  }

  /** Access is re-checked by asking for details again; a newer key comes with them. */
  async #recheck(attempt: number) {
    try {
      const details = await this.#fetchDetails(this.#sessionId)
      if (attempt !== this.#attempt) return
      await this.#install(details)
    } catch (error) {
      if (attempt !== this.#attempt) return
      const failure = this.#refused(error)
      if (endsAccess(failure)) {
        await this.#stop()
        return
      }
    }
    if (attempt === this.#attempt) this.#schedule(DETAILS_REFRESH_MS, () => void this.#recheck(attempt))
  }

  async #install(details: CallDetails) {
    const keys = this.#keys
    const { key, keyIndex } = details.e2ee
    if (!keys || keyIndex <= keys.acceptedIndex) return
    // Two steps, so nobody meets frames they cannot read: decrypt with the new key at once, and
    // encrypt with it once the others have had the moment to fetch it as well.
    const material = decodeCallKey(key)
    if (!(await keys.acceptSessionKey(material, keyIndex))) return
    setTimeout(() => {
      if (this.#keys !== keys) return
      void keys.setSessionKey(material, keyIndex).then((installed) => {
        if (installed && this.#keys === keys) this.#update({ keyIndex, rekeyed: true })
      })
    }, KEY_SWITCH_DELAY_MS)
  }

  /** The board says the key generation moved on (someone was removed): fetch and install the new key. */
  ensureKeyIndex(index: number): void {
    const keys = this.#keys
    if (!keys || !this.#room || index <= keys.acceptedIndex || this.#keyFetch) return
    const attempt = this.#attempt
    this.#keyFetch = this.#fetchDetails(this.#sessionId)
      .then((details) => (attempt === this.#attempt ? this.#install(details) : undefined))
      .catch((error: unknown) => {
        if (attempt !== this.#attempt) return
        if (endsAccess(this.#refused(error))) return this.#stop()
      })
      .finally(() => {
        this.#keyFetch = null
      })
  }

  async leave(): Promise<void> {
    this.#attempt += 1
    this.#dispatch({ type: 'leave' })
    await this.#stop()
  }

  /** Back to the pre-join step, e.g. to choose other devices after leaving. */
  reset(): void {
    this.#attempt += 1
    void this.#stop()
    this.#update({ ...initialCallState, deviceProblem: null, keyIndex: -1, rekeyed: false })
  }

  async #stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    const room = this.#room
    const worker = this.#worker
    this.#room = null
    this.#worker = null
    this.#keys = null
    if (this.#snapshot.room) this.#update({ room: null })
    if (room) await room.disconnect(true)
    worker?.terminate()
  }

  /** Stops everything (unmount); the object may be joined again, as React's strict mode does. */
  destroy(): void {
    this.#attempt += 1
    void this.#stop()
    this.#update({ ...initialCallState, deviceProblem: null, keyIndex: -1, rekeyed: false })
  }
}
