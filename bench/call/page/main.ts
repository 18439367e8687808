// The bench-only call page (built by buildPage.ts): one LiveKit participant, as the web app's CallSession
// joins (same Room options, the app's own key provider and decoder for the session key), with the
// encryption on or off. URL parameters:
//   url      LiveKit's signalling address (ws://127.0.0.1:<port>)
//   token    a call token for this participant
//   e2ee     1: end-to-end encrypted with `key`, as the app does; 0: the same call unencrypted
//   key      the session key, base64url of 32 bytes (e2ee=1 only)
//   publish  1: publish the (fake) camera, microphone off; 0: only watch, and time the first frame
// What it saw is on `window.__callBench` (CallPageState) for the bench to read.
import { Room, RoomEvent, Track, isE2EESupported, setLogLevel, LogLevel } from 'livekit-client'
import type { RemoteTrack } from 'livekit-client'
import { SessionKeyProvider, decodeCallKey } from '../../../apps/web/src/features/video/callKey.ts'

export type CallPagePhase = 'starting' | 'connected' | 'published' | 'subscribed' | 'first-frame' | 'failed'

/** One reading of the page's counters, taken by the bench at the start and the end of the steady window. */
export interface CallPageSample {
  /** performance.now() of the reading. */
  at: number
  /** Viewer: getVideoPlaybackQuality() of the remote video element. */
  totalVideoFrames: number
  droppedVideoFrames: number
  /** Viewer: frames presented so far, as requestVideoFrameCallback's metadata counts them. */
  presentedFrames: number
  /** Viewer: the video inbound-rtp stats; publisher: the outbound-rtp stats of each simulcast layer. */
  rtp: Record<string, string | number>[]
}

export interface CallPageState {
  phase: CallPagePhase
  error: string | null
  e2ee: boolean
  /** The room says its encryption is on (after connect). */
  encrypted: boolean
  /** performance.now() just before room.connect() and at each step after it. */
  connectCalledAt: number | null
  connectedAt: number | null
  subscribedAt: number | null
  firstFrameAt: number | null
  /** From the start of the page's script to connect(): Room, worker, key import (the encrypted set-up). */
  setUpMs: number | null
  /** RoomEvent.EncryptionError events (e.g. frames that did not decrypt). */
  encryptionErrors: number
  /** Publisher: the camera track's capture settings. */
  capture: { width: number; height: number; frameRate: number } | null
  sample: () => Promise<CallPageSample>
  leave: () => Promise<void>
}

setLogLevel(LogLevel.warn)
const started = performance.now()
const params = new URLSearchParams(location.search)
const e2ee = params.get('e2ee') === '1'
const publish = params.get('publish') === '1'
let video: HTMLVideoElement | null = null
let remote: RemoteTrack | null = null
let presentedFrames = 0
let room: Room | null = null

async function rtpStats(): Promise<Record<string, string | number>[]> {
  const track = publish ? room?.localParticipant.getTrackPublication(Track.Source.Camera)?.track : remote
  const report = await track?.getRTCStatsReport()
  const wanted = publish ? 'outbound-rtp' : 'inbound-rtp'
  const rows: Record<string, string | number>[] = []
  report?.forEach((entry: Record<string, unknown>) => {
    if (entry.type !== wanted || entry.kind !== 'video') return
    const row: Record<string, string | number> = {}
    for (const [name, value] of Object.entries(entry))
      if (typeof value === 'number' || typeof value === 'string') row[name] = value
    rows.push(row)
  })
  return rows
}

const state: CallPageState = {
  phase: 'starting',
  error: null,
  e2ee,
  encrypted: false,
  connectCalledAt: null,
  connectedAt: null,
  subscribedAt: null,
  firstFrameAt: null,
  setUpMs: null,
  encryptionErrors: 0,
  capture: null,
  sample: async () => {
    const quality = video?.getVideoPlaybackQuality()
    return {
      at: performance.now(),
      totalVideoFrames: quality?.totalVideoFrames ?? 0,
      droppedVideoFrames: quality?.droppedVideoFrames ?? 0,
      presentedFrames,
      rtp: await rtpStats(),
    }
  },
  leave: async () => {
    await room?.disconnect(true)
  },
}
Object.assign(window, { __callBench: state })

function onFrame(_now: number, metadata: VideoFrameCallbackMetadata): void {
  if (state.firstFrameAt === null) {
    state.firstFrameAt = performance.now()
    state.phase = 'first-frame'
  }
  presentedFrames = metadata.presentedFrames
  video?.requestVideoFrameCallback(onFrame)
}

async function join(): Promise<void> {
  const url = params.get('url')
  const token = params.get('token')
  if (!url || !token) throw new Error('url and token are required')
  if (e2ee && !isE2EESupported()) throw new Error('this browser cannot do end-to-end encryption')
  let keys: SessionKeyProvider | null = null
  if (e2ee) {
    keys = new SessionKeyProvider()
    await keys.setSessionKey(decodeCallKey(params.get('key') ?? ''), 0)
  }
  // The web app's options (callSession.ts); only `encryption` differs between the two modes.
  const current = new Room({
    adaptiveStream: true,
    dynacast: true,
    ...(keys
      ? {
          encryption: {
            keyProvider: keys,
            worker: new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), { type: 'module' }),
          },
        }
      : {}),
  })
  room = current
  current
    .on(RoomEvent.EncryptionError, () => (state.encryptionErrors += 1))
    .on(RoomEvent.TrackSubscribed, (track) => {
      if (publish || track.kind !== Track.Kind.Video || remote) return
      remote = track
      state.subscribedAt = performance.now()
      state.phase = 'subscribed'
      const element = track.attach() as HTMLVideoElement
      element.style.width = '640px'
      element.style.height = '480px'
      document.getElementById('video')?.append(element)
      video = element
      element.requestVideoFrameCallback(onFrame)
    })
  if (e2ee) await current.setE2EEEnabled(true)
  state.setUpMs = performance.now() - started
  state.connectCalledAt = performance.now()
  await current.connect(url, token, { rtcConfig: { iceServers: [] } })
  state.connectedAt = performance.now()
  state.encrypted = current.isE2EEEnabled
  if (state.phase === 'starting') state.phase = 'connected'
  if (publish) {
    await current.localParticipant.setMicrophoneEnabled(false)
    const publication = await current.localParticipant.setCameraEnabled(true, {
      resolution: { width: 640, height: 480, frameRate: 30 },
    })
    const settings = publication?.track?.mediaStreamTrack.getSettings()
    state.capture = {
      width: settings?.width ?? 0,
      height: settings?.height ?? 0,
      frameRate: settings?.frameRate ?? 0,
    }
    state.phase = 'published'
  }
}

join().catch((error: unknown) => {
  state.phase = 'failed'
  state.error = error instanceof Error ? error.message : String(error)
})
