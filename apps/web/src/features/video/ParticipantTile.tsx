import { useId } from 'react'
import {
  VideoTrack,
  useConnectionQualityIndicator,
  useIsEncrypted,
  useIsMuted,
  useIsSpeaking,
  useRoomContext,
} from '@livekit/components-react'
import type { TrackReference } from '@livekit/components-react'
import { ConnectionQuality, Track } from 'livekit-client'
import type { Participant } from 'livekit-client'
import type { Role } from '@session-board/protocol'
import { initials } from './tiles.ts'

interface Props {
  participant: Participant
  role: Role
  name: string
  roleLabel: string
  camera: TrackReference | undefined
  holdsFloor: boolean
}

const qualityText: Record<ConnectionQuality, string> = {
  [ConnectionQuality.Excellent]: 'excellent',
  [ConnectionQuality.Good]: 'good',
  [ConnectionQuality.Poor]: 'poor',
  [ConnectionQuality.Lost]: 'lost',
  [ConnectionQuality.Unknown]: 'checking',
}

/** One person in the call: their video (or initials), name, role, and what the others should know. */
export function ParticipantTile({ participant, role, name, roleLabel, camera, holdsFloor }: Props) {
  const id = useId()
  const room = useRoomContext()
  const speaking = useIsSpeaking(participant)
  const { quality } = useConnectionQualityIndicator({ participant })
  const encrypted = useIsEncrypted(participant) && room.isE2EEEnabled
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone })
  const cameraMuted = useIsMuted({ participant, source: Track.Source.Camera })
  const showVideo = camera !== undefined && !cameraMuted
  const label = participant.isLocal ? `${name} (you)` : name

  return (
    <article
      className={`call-tile${speaking ? ' call-tile--speaking' : ''}`}
      aria-labelledby={`${id}-name`}
      aria-describedby={`${id}-state`}
      data-identity={participant.identity}
      data-role={role}
      data-local={participant.isLocal ? 'true' : undefined}
      data-floor={holdsFloor ? 'holder' : undefined}
      data-speaking={speaking ? 'true' : undefined}
      data-mic={micMuted ? 'muted' : 'on'}
    >
      <div className="call-tile__media">
        {showVideo ? (
          <VideoTrack
            trackRef={camera}
            className={`call-video${participant.isLocal ? ' call-video--mirrored' : ''}`}
            aria-label={`${label}’s video`}
          />
        ) : (
          <span className="call-tile__initials" aria-hidden="true">
            {initials(name)}
          </span>
        )}
        {holdsFloor && <span className="call-tile__floor">Has the floor</span>}
      </div>
      <div className="call-tile__info">
        <h3 id={`${id}-name`} className="call-tile__name">
          {label} <span className="call-tile__role">{roleLabel}</span>
        </h3>
        <ul id={`${id}-state`} className="call-tile__state">
          <li className={micMuted ? 'call-tile__mic call-tile__mic--muted' : 'call-tile__mic'}>
            <MicIcon muted={micMuted} />
            {micMuted ? 'Microphone off' : 'Microphone on'}
          </li>
          {speaking && <li className="call-tile__speaking">Speaking</li>}
          {!showVideo && <li>Camera off</li>}
          <li className={`call-tile__quality call-tile__quality--${quality}`}>
            Connection: {qualityText[quality]}
          </li>
          <li data-testid="call-encryption" data-encrypted={encrypted ? 'true' : 'false'}>
            {encrypted ? 'Encrypted end to end' : 'Not encrypted yet'}
          </li>
        </ul>
      </div>
    </article>
  )
}

export function MicIcon({ muted }: { muted: boolean }) {
  return (
    <svg className="call-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3Zm-7 9a7 7 0 0 0 6 6.9V21h2v-2.1A7 7 0 0 0 19 12h-2a5 5 0 0 1-10 0H5Z"
        fill="currentColor"
      />
      {muted && <path d="M4 4l16 16" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />}
    </svg>
  )
}

export function CameraIcon({ off }: { off: boolean }) {
  return (
    <svg className="call-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M4 7a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v2.5l4-2.5v10l-4-2.5V17a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V7Z"
        fill="currentColor"
      />
      {off && <path d="M3 3l18 18" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />}
    </svg>
  )
}

export function LeaveIcon() {
  return (
    <svg className="call-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M12 9c-3.3 0-6.3.9-8.6 2.6-.5.4-.6 1-.3 1.5l1.6 2.3c.3.5 1 .6 1.5.3l2.3-1.3c.4-.2.6-.7.5-1.1l-.3-1.6a12 12 0 0 1 6.6 0l-.3 1.6c-.1.4.1.9.5 1.1l2.3 1.3c.5.3 1.2.2 1.5-.3l1.6-2.3c.3-.5.2-1.1-.3-1.5C18.3 9.9 15.3 9 12 9Z"
        fill="currentColor"
      />
    </svg>
  )
}

export function LockIcon() {
  return (
    <svg className="call-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M7 10V8a5 5 0 0 1 10 0v2h1a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h1Zm2 0h6V8a3 3 0 0 0-6 0v2Z"
        fill="currentColor"
      />
    </svg>
  )
}
