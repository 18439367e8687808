import { useEffect, useId, useState, useSyncExternalStore } from 'react'
import { RoomContext } from '@livekit/components-react'
import { floorMutedListener } from '@session-board/board'
import type { FloorState, PartnerRole } from '@session-board/board'
import type { CallDetails, Role } from '@session-board/protocol'
import { BOARD_WITHOUT_VIDEO, phaseLabel } from './callState.ts'
import { CallRoom } from './CallRoom.tsx'
import type { DescribeParticipant } from './CallRoom.tsx'
import { CallSession } from './callSession.ts'
import type { JoinChoices } from './callSession.ts'
import { PreJoin } from './PreJoin.tsx'
import { floorMuteNotice } from './tiles.ts'

export interface CallStageProps {
  sessionId: string
  role: Role
  fetchDetails: (sessionId: string) => Promise<CallDetails>
  /** The board's name and role for a participant's LiveKit attributes, or null for an unknown one. */
  describe: DescribeParticipant
  floor: FloorState
  partnerName: (partner: PartnerRole) => string
  callKeyIndex: number
  /** What the person already asked for before this chunk loaded: to set up their devices, or to watch. */
  opening?: 'prepare' | 'watch'
}

/** An observer's way in: seeing and hearing, never seen or heard. */
const WATCH_ONLY: JoinChoices = { publish: false, micOn: false, cameraOn: false }

/**
 * The call itself, loaded after the board with LiveKit: pre-join, tiles, controls, and where the call
 * stands. Everything it needs from the board comes in as props, so this chunk holds no schemas.
 */
export default function CallStage(props: CallStageProps) {
  const { sessionId, role, floor, partnerName: name, callKeyIndex } = props
  const ids = useId()
  const [call] = useState(() => new CallSession(sessionId, props.fetchDetails))
  const state = useSyncExternalStore(call.subscribe, call.getSnapshot)
  const [preparing, setPreparing] = useState(props.opening === 'prepare')
  const [collapsed, setCollapsed] = useState(false)
  const watching = role === 'observer'
  const inCall = state.phase === 'connected' || state.phase === 'reconnecting'
  const notice = useFloorNotice(floor, role, name, inCall)
  const mutedBy = floorMutedListener(floor) === role && floor.holder ? name(floor.holder) : null

  useEffect(() => () => call.destroy(), [call])
  // An observer who asked to watch before the call's code arrived is taken in once it has.
  useEffect(() => {
    if (props.opening === 'watch') void call.join(WATCH_ONLY)
  }, [call, props.opening])
  useEffect(() => call.ensureKeyIndex(callKeyIndex), [call, callKeyIndex])

  const join = (choices: JoinChoices) => {
    setPreparing(false)
    void call.join(choices)
  }
  const watch = () => join(WATCH_ONLY)

  return (
    <aside
      className={`call panel${collapsed ? ' call--collapsed' : ''}`}
      aria-labelledby={`${ids}-heading`}
      data-phase={state.phase}
    >
      <div className="call__head">
        <h2 id={`${ids}-heading`}>Video call</h2>
        <p className={`call__phase call__phase--${state.phase}`} role="status">
          {phaseLabel(state.phase)}
        </p>
        <button
          type="button"
          className="button button--quiet button--small call__collapse"
          aria-expanded={!collapsed}
          aria-controls={`${ids}-body`}
          onClick={() => setCollapsed(!collapsed)}
        >
          {collapsed ? 'Show the call' : 'Hide the call'}
        </button>
      </div>
      <div id={`${ids}-body`} className="call__body">
        {state.message && (
          <p className="call__message">
            {state.message}
            {(state.phase === 'unavailable' || state.phase === 'left') && ` ${BOARD_WITHOUT_VIDEO}`}
          </p>
        )}
        {state.phase === 'waiting' && (
          <p className="call__message">
            The therapist has not opened the session yet. We will try again every few seconds.
          </p>
        )}
        {state.deviceProblem && (
          <p className="field-error" role="alert">
            {state.deviceProblem}
          </p>
        )}
        {state.room ? (
          <RoomContext.Provider value={state.room}>
            <CallRoom
              describe={props.describe}
              floorHolder={floor.holder}
              publishing={!watching}
              floorMuteReason={mutedBy && `Muted while ${mutedBy} has the floor.`}
              keyIndex={state.keyIndex}
              rekeyed={state.rekeyed}
              onLeave={() => void call.leave()}
            />
          </RoomContext.Provider>
        ) : state.phase === 'connecting' || state.phase === 'waiting' ? (
          <button type="button" className="button button--quiet button--small" onClick={() => call.reset()}>
            Cancel
          </button>
        ) : preparing && !watching ? (
          <PreJoin onJoin={join} onCancel={() => setPreparing(false)} />
        ) : (
          <div className="call__start">
            {state.phase === 'not-joined' && (
              <p className="hint">
                {watching
                  ? 'You can watch the call. No one sees or hears you.'
                  : 'Choose your camera and microphone first; you join muted unless you say otherwise.'}
              </p>
            )}
            {watching ? (
              <button type="button" className="button button--primary button--small" onClick={watch}>
                Watch the call
              </button>
            ) : (
              <button
                type="button"
                className="button button--primary button--small"
                onClick={() => setPreparing(true)}
              >
                {state.phase === 'unavailable'
                  ? 'Try again'
                  : state.phase === 'left'
                    ? 'Join again'
                    : 'Set up camera and microphone'}
              </button>
            )}
          </div>
        )}
      </div>
      {/* Present from the start, so screen readers announce each change of the floor's muting. */}
      <p className="call__floor-notice" aria-live="polite">
        {notice}
      </p>
    </aside>
  )
}

type FloorSlice = Pick<FloorState, 'holder' | 'muteListener'>

/**
 * The latest sentence about the floor muting this person's microphone, while they are in the call.
 * Joining while muted counts as being muted just now; leaving the call clears it.
 */
function useFloorNotice(
  floor: FloorState,
  role: Role,
  name: (partner: PartnerRole) => string,
  inCall: boolean,
): string {
  const slice: FloorSlice = { holder: floor.holder, muteListener: floor.muteListener }
  const key = inCall ? `${slice.holder ?? ''}|${String(slice.muteListener)}` : 'out'
  const [seen, setSeen] = useState<{ key: string; slice: FloorSlice | null; notice: string }>({
    key: 'out',
    slice: null,
    notice: '',
  })
  if (seen.key !== key) {
    const before = seen.slice ?? { holder: null, muteListener: false }
    const notice = inCall ? (floorMuteNotice(before, slice, role, name) ?? seen.notice) : ''
    setSeen({ key, slice: inCall ? slice : null, notice })
  }
  return seen.notice
}
