import type { LiveKitSettings } from './call.ts'

/**
 * How the server gets its video call: a LiveKit server run elsewhere (production), one it starts itself
 * on loopback from the local binary (the embedded default, and the tests), or none, with the reason the
 * board tells people.
 */
export type VideoConfig =
  | { mode: 'off'; reason: string }
  | { mode: 'livekit'; settings: LiveKitSettings }
  | {
      mode: 'local'
      binary: string
      /** Signalling port; the two after it carry ICE over TCP and UDP. */
      port: number
      /** Fail the start rather than run without video (the browser tests need the call). */
      required: boolean
    }

export const videoOff: VideoConfig = { mode: 'off', reason: 'LiveKit is not configured' }

/** The origins the browser talks to for the call, for the page's `connect-src`. */
export function callOrigins(video: VideoConfig): string[] {
  const url =
    video.mode === 'livekit'
      ? video.settings.publicUrl
      : video.mode === 'local'
        ? `ws://127.0.0.1:${video.port}`
        : null
  if (url === null) return []
  const { protocol, host } = new URL(url)
  const secure = protocol === 'wss:' || protocol === 'https:'
  return [`${secure ? 'wss' : 'ws'}://${host}`, `${secure ? 'https' : 'http'}://${host}`]
}
