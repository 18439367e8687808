import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CallDetails } from '@session-board/protocol'
import { ApiFailure } from '../../lib/api.ts'
import { CallSession, WAITING_RETRY_MS, readRefusal } from './callSession.ts'

const choices = { publish: true, micOn: false, cameraOn: true }

afterEach(() => {
  vi.useRealTimers()
})

describe('CallSession before the call connects', () => {
  it('waits while the therapist has not opened the call, asks again every 5 s, then says why video is off', async () => {
    vi.useFakeTimers()
    const answers = [
      new ApiFailure(409, 'call_not_open', 'The therapist has not opened the session yet.'),
      new ApiFailure(409, 'call_not_open', 'The therapist has not opened the session yet.'),
      new ApiFailure(503, 'video_not_configured', 'Video is not set up on this server.'),
    ]
    const fetchDetails = vi.fn((): Promise<CallDetails> => Promise.reject(answers.shift()!))
    const call = new CallSession('session-1', fetchDetails)

    await call.join(choices)
    expect(call.getSnapshot().phase).toBe('waiting')
    expect(fetchDetails).toHaveBeenCalledTimes(1)

    await vi.advanceTimersByTimeAsync(WAITING_RETRY_MS - 100)
    expect(fetchDetails).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(fetchDetails).toHaveBeenCalledTimes(2)
    expect(call.getSnapshot().phase).toBe('waiting')

    await vi.advanceTimersByTimeAsync(WAITING_RETRY_MS)
    expect(call.getSnapshot()).toMatchObject({
      phase: 'unavailable',
      message: 'Video is not set up on this server.',
      room: null,
    })
    // No more asking once the server said video is off.
    await vi.advanceTimersByTimeAsync(WAITING_RETRY_MS * 3)
    expect(fetchDetails).toHaveBeenCalledTimes(3)
  })

  it('stops asking when the person cancels or the panel goes away', async () => {
    vi.useFakeTimers()
    const fetchDetails = vi.fn((): Promise<CallDetails> =>
      Promise.reject(new ApiFailure(409, 'call_not_open', 'Not open yet.')),
    )
    const call = new CallSession('session-1', fetchDetails)
    await call.join(choices)
    call.destroy()
    await vi.advanceTimersByTimeAsync(WAITING_RETRY_MS * 3)
    expect(fetchDetails).toHaveBeenCalledTimes(1)
    expect(call.getSnapshot().phase).toBe('not-joined')
  })

  it('reads a refusal in the server’s words, and anything else as a neutral sentence', () => {
    expect(readRefusal(new ApiFailure(403, 'forbidden', 'This link was withdrawn.'))).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'This link was withdrawn.',
    })
    expect(readRefusal(new TypeError('boom')).message).toBe(
      'The call details could not be read. Please try again.',
    )
  })
})
