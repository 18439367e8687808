import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { useMediaDevices, usePreviewTracks } from '@livekit/components-react'
import { Track } from 'livekit-client'
import type { LocalVideoTrack } from 'livekit-client'
import type { JoinChoices } from './callSession.ts'

interface Props {
  onJoin: (choices: JoinChoices) => void
  onCancel: () => void
}

/** Choose a camera and a microphone, see yourself, then join (muted unless you say otherwise). */
export function PreJoin({ onJoin, onCancel }: Props) {
  const ids = useId()
  const [cameraOn, setCameraOn] = useState(true)
  const [joinMuted, setJoinMuted] = useState(true)
  const [videoDeviceId, setVideoDeviceId] = useState('')
  const [audioDeviceId, setAudioDeviceId] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const onError = useCallback(() => {
    setProblem(
      'The camera could not be started. Check the browser’s permission for this page, or join without it.',
    )
  }, [])
  const tracks = usePreviewTracks(
    { video: cameraOn ? (videoDeviceId ? { deviceId: videoDeviceId } : true) : false, audio: false },
    onError,
  )
  const preview = tracks?.find((track) => track.kind === Track.Kind.Video) as LocalVideoTrack | undefined
  const cameras = useMediaDevices({ kind: 'videoinput' })
  const microphones = useMediaDevices({ kind: 'audioinput' })

  return (
    <form
      className="call-prejoin"
      aria-labelledby={`${ids}-heading`}
      onSubmit={(event) => {
        event.preventDefault()
        onJoin({
          publish: true,
          cameraOn,
          micOn: !joinMuted,
          videoDeviceId: videoDeviceId || undefined,
          audioDeviceId: audioDeviceId || undefined,
        })
      }}
    >
      <h3 id={`${ids}-heading`} className="call-prejoin__heading">
        Before you join
      </h3>
      <div className="call-prejoin__preview">
        {cameraOn && preview ? (
          <PreviewVideo track={preview} />
        ) : (
          <p className="call-prejoin__off">{cameraOn ? 'Starting your camera…' : 'Your camera is off.'}</p>
        )}
      </div>
      <DeviceSelect
        id={`${ids}-camera`}
        label="Camera"
        devices={cameras}
        value={videoDeviceId}
        disabled={!cameraOn}
        onChange={setVideoDeviceId}
      />
      <DeviceSelect
        id={`${ids}-microphone`}
        label="Microphone"
        devices={microphones}
        value={audioDeviceId}
        onChange={setAudioDeviceId}
      />
      <label className="choice">
        <input type="checkbox" checked={cameraOn} onChange={(event) => setCameraOn(event.target.checked)} />
        Camera on
      </label>
      <label className="choice">
        <input type="checkbox" checked={joinMuted} onChange={(event) => setJoinMuted(event.target.checked)} />
        Join muted
      </label>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="call-prejoin__actions">
        <button type="submit" className="button button--primary button--small">
          Join the call
        </button>
        <button type="button" className="button button--quiet button--small" onClick={onCancel}>
          Not now
        </button>
      </div>
    </form>
  )
}

/** A labelled choice of one kind of device; the browser's default comes first. */
function DeviceSelect(props: {
  id: string
  label: 'Camera' | 'Microphone'
  devices: MediaDeviceInfo[]
  value: string
  disabled?: boolean
  onChange: (deviceId: string) => void
}) {
  const { id, label, devices, value, disabled = false, onChange } = props
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        <option value="">Default {label.toLowerCase()}</option>
        {devices
          .filter((device) => device.deviceId && device.deviceId !== 'default')
          .map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || `${label} ${index + 1}`}
            </option>
          ))}
      </select>
    </div>
  )
}

/** The local camera, mirrored as a mirror would show it. */
function PreviewVideo({ track }: { track: LocalVideoTrack }) {
  const ref = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    track.attach(element)
    return () => {
      track.detach(element)
    }
  }, [track])
  return (
    <video
      ref={ref}
      className="call-video call-video--mirrored"
      muted
      playsInline
      aria-label="Your camera preview"
    />
  )
}
