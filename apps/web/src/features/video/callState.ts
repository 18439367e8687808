/** Where this person is with the video call; the board works the same in every phase. */
export type CallPhase =
  'not-joined' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'left' | 'unavailable'

export interface CallState {
  phase: CallPhase
  /** A sentence for people about why the call is where it is (never anyone's health information). */
  message: string | null
}

export type CallEvent =
  | { type: 'join' }
  /** The server said no to call details: {status, code, message} as ApiFailure carries them. */
  | { type: 'refused'; status: number; code: string; message: string }
  | { type: 'connected' }
  | { type: 'reconnecting' }
  | { type: 'reconnected' }
  | { type: 'disconnected'; message: string | null }
  | { type: 'leave' }

export const initialCallState: CallState = { phase: 'not-joined', message: null }

export const BOARD_WITHOUT_VIDEO = 'The board keeps working without video.'

/** Refusals that mean this person may no longer be in the call at all. */
export function endsAccess(refusal: { status: number; code: string }): boolean {
  return refusal.status === 401 || refusal.status === 403 || refusal.code === 'session_ended'
}

function inCall(phase: CallPhase): boolean {
  return phase === 'connecting' || phase === 'connected' || phase === 'reconnecting'
}

export function callReducer(state: CallState, event: CallEvent): CallState {
  switch (event.type) {
    case 'join':
      return { phase: 'connecting', message: null }
    case 'refused':
      if (event.code === 'call_not_open') {
        // In a call already, the therapist reopening nothing changes: keep going.
        return inCall(state.phase) && state.phase !== 'connecting'
          ? state
          : { phase: 'waiting', message: null }
      }
      if (endsAccess(event)) {
        return { phase: 'left', message: event.message }
      }
      // A failed re-check in the middle of a call (server busy, network blip) does not end the call.
      if (state.phase === 'connected' || state.phase === 'reconnecting') return state
      return { phase: 'unavailable', message: event.message }
    case 'connected':
      return state.phase === 'connecting' ? { phase: 'connected', message: null } : state
    case 'reconnecting':
      return state.phase === 'connected' ? { phase: 'reconnecting', message: null } : state
    case 'reconnected':
      return state.phase === 'reconnecting' ? { phase: 'connected', message: null } : state
    case 'disconnected':
      // Our own leave, or a refusal, already said why; a disconnect after it changes nothing.
      return inCall(state.phase) ? { phase: 'left', message: event.message } : state
    case 'leave':
      return { phase: 'left', message: null }
  }
}

/** The short state line of the call panel. */
export function phaseLabel(phase: CallPhase): string {
  switch (phase) {
    case 'not-joined':
      return 'Not joined'
    case 'waiting':
      return 'Waiting for the therapist to open the call'
    case 'connecting':
      return 'Connecting…'
    case 'connected':
      return 'Connected'
    case 'reconnecting':
      return 'Reconnecting…'
    case 'left':
      return 'You left the call'
    case 'unavailable':
      return 'Video is unavailable'
  }
}
