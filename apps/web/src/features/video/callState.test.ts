import { describe, expect, it } from 'vitest'
import { callReducer, initialCallState, phaseLabel } from './callState.ts'
import type { CallEvent, CallState } from './callState.ts'

function run(events: CallEvent[], from: CallState = initialCallState): CallState {
  return events.reduce(callReducer, from)
}

const notOpen: CallEvent = { type: 'refused', status: 409, code: 'call_not_open', message: 'Not open yet.' }
const ended: CallEvent = {
  type: 'refused',
  status: 409,
  code: 'session_ended',
  message: 'The session has ended.',
}
const unreachable: CallEvent = {
  type: 'refused',
  status: 503,
  code: 'video_unreachable',
  message: 'The video server cannot be reached right now.',
}

describe('the call panel’s state', () => {
  it('joins, connects, rides out a reconnect and leaves', () => {
    const events: CallEvent[] = [
      { type: 'join' },
      { type: 'connected' },
      { type: 'reconnecting' },
      { type: 'reconnected' },
      { type: 'leave' },
    ]
    const phases = events.map((_, i) => run(events.slice(0, i + 1)).phase)
    expect(phases).toEqual(['connecting', 'connected', 'reconnecting', 'connected', 'left'])
    expect(phaseLabel('reconnecting')).toBe('Reconnecting…')
  })

  it('waits for the therapist while the call is not open, then connects', () => {
    const waiting = run([{ type: 'join' }, notOpen])
    expect(waiting.phase).toBe('waiting')
    expect(phaseLabel(waiting.phase)).toBe('Waiting for the therapist to open the call')
    expect(run([{ type: 'join' }, { type: 'connected' }], waiting).phase).toBe('connected')
  })

  it('shows the server’s sentence when video is not available', () => {
    expect(run([{ type: 'join' }, unreachable])).toEqual({
      phase: 'unavailable',
      message: 'The video server cannot be reached right now.',
    })
  })

  it('keeps the call through a failed re-check, but leaves when access has ended, saying why', () => {
    const connected = run([{ type: 'join' }, { type: 'connected' }])
    expect(run([unreachable], connected).phase).toBe('connected')
    expect(run([ended], connected)).toEqual({ phase: 'left', message: 'The session has ended.' })
    const removed = run(
      [{ type: 'refused', status: 403, code: 'forbidden', message: 'This link was withdrawn.' }],
      connected,
    )
    expect(removed).toEqual({ phase: 'left', message: 'This link was withdrawn.' })
    // The disconnect that follows does not wipe the reason.
    expect(run([{ type: 'disconnected', message: null }], removed).message).toBe('This link was withdrawn.')
  })
})
