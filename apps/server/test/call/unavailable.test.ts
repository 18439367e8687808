import { apiErrorSchema } from '@session-board/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { openRoom, startSecureServer } from '../access/people.ts'
import { createCleanup } from '../helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('a board without video', () => {
  it('says plainly why there is no call when LiveKit is not set up, and the board keeps working', async () => {
    const server = await startSecureServer(cleanup, {
      video: { mode: 'off', reason: 'LiveKit is not configured' },
    })
    const room = await openRoom(server)
    const response = await room.partnerA.browser.request('POST', `/api/sessions/${room.sessionId}/call`, {})
    expect(response.status).toBe(503)
    expect(apiErrorSchema.parse(await response.json())).toEqual({
      code: 'video_not_configured',
      message:
        'Video is not available on this server: LiveKit is not configured. The board keeps working without it.',
    })
    // The board's own socket still opens for the same person.
    expect((await room.partnerA.token()).length).toBeGreaterThan(20)
  })

  it('says the video server cannot be reached when LiveKit is down, instead of failing the request', async () => {
    const server = await startSecureServer(cleanup, {
      video: {
        mode: 'livekit',
        // Nothing listens on port 9 (discard) on loopback here.
        settings: {
          apiUrl: 'http://127.0.0.1:9',
          publicUrl: 'ws://127.0.0.1:9',
          apiKey: 'board',
          apiSecret: 'x'.repeat(32),
          iceServers: null,
        },
      },
    })
    const room = await openRoom(server)
    const response = await room.therapist.browser.request('POST', `/api/sessions/${room.sessionId}/call`, {})
    expect(response.status).toBe(503)
    expect(apiErrorSchema.parse(await response.json()).code).toBe('video_unreachable')
  })

  it('starts without video, and says why, when the local livekit-server is missing', async () => {
    const server = await startSecureServer(cleanup, {
      video: { mode: 'local', binary: '/nonexistent/livekit-server', port: 47930, required: false },
    })
    expect(server.access.call.unavailableReason).toMatch(
      /livekit-server is not installed at \/nonexistent\/livekit-server/,
    )
    const room = await openRoom(server)
    const response = await room.therapist.browser.request('POST', `/api/sessions/${room.sessionId}/call`, {})
    expect(response.status).toBe(503)
    await expect(
      startSecureServer(cleanup, {
        video: { mode: 'local', binary: '/nonexistent/livekit-server', port: 47930, required: true },
      }),
    ).rejects.toThrow(/livekit-server is not installed/)
  })

  it('refuses an oversized webhook without reading it all, and the server keeps answering', async () => {
    const server = await startSecureServer(cleanup)
    const url = new URL('api/livekit/webhook', server.url)
    const huge = 'x'.repeat(200 * 1024)
    // Sent in chunks, with no Content-Length to go by.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < huge.length; at += 16 * 1024)
          controller.enqueue(new TextEncoder().encode(huge.slice(at, at + 16 * 1024)))
        controller.close()
      },
    })
    const response = await fetch(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit)
    expect(response.status).toBe(413)
    expect(apiErrorSchema.parse(await response.json()).code).toBe('too_large')
    expect((await fetch(new URL('health', server.url))).status).toBe(200)
  })
})
