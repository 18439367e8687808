import { useId, useState } from 'react'
import {
  RoomAudioRenderer,
  useAudioPlayback,
  useLocalParticipant,
  useParticipants,
  useRoomContext,
  useTracks,
} from '@livekit/components-react'
import { Track } from 'livekit-client'
import type { PartnerRole } from '@session-board/board'
import type { Role } from '@session-board/protocol'
import { CameraIcon, LeaveIcon, LockIcon, MicIcon, ParticipantTile } from './ParticipantTile.tsx'
import { orderTiles } from './tiles.ts'

export type DescribeParticipant = (
  attributes: Readonly<Record<string, string>>,
) => { role: Role; name: string; roleLabel: string } | null

interface Props {
  describe: DescribeParticipant
  floorHolder: PartnerRole | null
  /** Whether this person publishes (observers only watch). */
  publishing: boolean
  /** Why the floor holds this person's microphone muted now, or null. */
  floorMuteReason: string | null
  /** The generation of the call's key, and whether it was renewed while this person was in the call. */
  keyIndex: number
  rekeyed: boolean
  onLeave: () => void
}

/** The tiles of everyone in the call, the room's audio, and this person's own controls. */
export function CallRoom({
  describe,
  floorHolder,
  publishing,
  floorMuteReason,
  keyIndex,
  rekeyed,
  onLeave,
}: Props) {
  const room = useRoomContext()
  const participants = useParticipants()
  const cameras = useTracks([Track.Source.Camera])
  const { canPlayAudio, startAudio } = useAudioPlayback()
  const tiles = orderTiles(
    participants.map((participant) => {
      const described = describe(participant.attributes)
      return {
        participant,
        identity: participant.identity,
        isLocal: participant.isLocal,
        role: described?.role ?? null,
        name: described?.name ?? '',
        roleLabel: described?.roleLabel ?? '',
      }
    }),
  )

  return (
    <div className="call-room">
      {publishing ? (
        <CallControls floorMuteReason={floorMuteReason} onLeave={onLeave} />
      ) : (
        <div className="call-controls">
          <button type="button" className="button button--secondary button--small" onClick={onLeave}>
            Stop watching
          </button>
        </div>
      )}
      {room.isE2EEEnabled && (
        <p className="call-room__e2ee" data-key-index={keyIndex}>
          <LockIcon />
          <span>
            <strong>Encrypted end to end</strong>
            <span className="call-room__e2ee-more">: the video server cannot see or hear the call.</span>
          </span>
        </p>
      )}
      <p className="call-room__rekeyed" aria-live="polite">
        {rekeyed ? 'The call has a new key: whoever was removed cannot follow it any more.' : ''}
      </p>
      {tiles.length === 0 ? (
        <p className="empty">No one else is in the call yet.</p>
      ) : (
        <ul className="call-tiles" aria-label="People in the call">
          {tiles.map(({ participant, role, name, roleLabel }) => (
            <li key={participant.identity}>
              <ParticipantTile
                participant={participant}
                role={role!}
                name={name}
                roleLabel={roleLabel}
                camera={cameras.find((camera) => camera.participant.identity === participant.identity)}
                holdsFloor={floorHolder !== null && role === floorHolder}
              />
            </li>
          ))}
        </ul>
      )}
      <RoomAudioRenderer />
      {!canPlayAudio && (
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => void startAudio()}
        >
          Turn on the call’s sound
        </button>
      )}
    </div>
  )
}

function CallControls({ floorMuteReason, onLeave }: Pick<Props, 'floorMuteReason' | 'onLeave'>) {
  const reasonId = useId()
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant()
  const [problem, setProblem] = useState<string | null>(null)
  const heldByFloor = floorMuteReason !== null

  const toggle = async (device: 'microphone' | 'camera') => {
    setProblem(null)
    try {
      if (device === 'microphone') await localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled)
      else await localParticipant.setCameraEnabled(!isCameraEnabled)
    } catch {
      setProblem(`Your ${device} could not be changed. Check the browser’s permission for this page.`)
    }
  }

  return (
    <div className="call-controls" role="group" aria-label="Your call controls">
      <button
        type="button"
        className="call-control"
        aria-pressed={!isMicrophoneEnabled}
        disabled={heldByFloor}
        aria-describedby={heldByFloor ? reasonId : undefined}
        onClick={() => void toggle('microphone')}
      >
        <MicIcon muted={!isMicrophoneEnabled} />
        <span className="call-control__text">Mute microphone</span>
      </button>
      <button
        type="button"
        className="call-control"
        aria-pressed={!isCameraEnabled}
        onClick={() => void toggle('camera')}
      >
        <CameraIcon off={!isCameraEnabled} />
        <span className="call-control__text">Turn camera off</span>
      </button>
      <button type="button" className="call-control call-control--leave" onClick={onLeave}>
        <LeaveIcon />
        <span className="call-control__text">Leave the call</span>
      </button>
      {heldByFloor && (
        // Said visibly by the floor notice below; here it explains the disabled button to screen readers.
        <p id={reasonId} className="visually-hidden">
          {floorMuteReason}
        </p>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  )
}
