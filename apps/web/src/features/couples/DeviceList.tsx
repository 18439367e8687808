import type { PartnerDevice, Partners, PendingDevice } from '@session-board/protocol'
import { confirmDevice, withdrawDevice } from './partnersApi.ts'
import { formatWhen } from '../dashboard/when.ts'

interface Props {
  coupleId: string
  name: string
  devices: PartnerDevice[]
  pending: PendingDevice[]
  busy: boolean
  act: (work: () => Promise<Partners | null>) => Promise<void>
}

function describe(device: PartnerDevice): string {
  const parts = [`${device.label || 'A device'}, added ${formatWhen(device.createdAt)}`]
  parts.push(`last used ${formatWhen(device.lastSeenAt)}`)
  if (device.hasPasskey) parts.push('with a passkey')
  return parts.join(', ')
}

/** A partner's devices: which are signed in, and the ones waiting for the therapist to confirm them. */
export function DeviceList({ coupleId, name, devices, pending, busy, act }: Props) {
  if (devices.length === 0 && pending.length === 0) return null
  return (
    <ul className="devices" aria-label={`${name}’s devices`}>
      {pending.map((device) => (
        <li key={device.id} className="device">
          <span className="device__what">
            {device.kind === 'returning_device'
              ? `${device.label || 'A device'} asks to sign in again`
              : `${device.label || 'A new device'} asks to join`}
            , {formatWhen(device.createdAt)}
          </span>
          <span className="tag tag--pending">Waiting for you</span>
          <button
            type="button"
            className="button button--primary button--small"
            disabled={busy}
            onClick={() => void act(() => confirmDevice(coupleId, device.id))}
          >
            Confirm<span className="visually-hidden"> {name}’s device</span>
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={busy}
            onClick={() => void act(() => withdrawDevice(coupleId, device.id))}
          >
            Decline<span className="visually-hidden"> {name}’s device</span>
          </button>
        </li>
      ))}
      {devices.map((device) => (
        <li key={device.id} className="device">
          <span className="device__what">{describe(device)}</span>
          <span className={`tag${device.signedIn ? ' tag--agreed' : ''}`}>
            {device.signedIn ? 'Signed in' : 'Signed out until they sign in again'}
          </span>
        </li>
      ))}
    </ul>
  )
}
