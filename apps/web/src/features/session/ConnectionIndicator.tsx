import { useSyncExternalStore } from 'react'
import type { ConnectionPhase } from '../../lib/connection.ts'
import { useConnection, useSession } from './SessionContext.tsx'

const phaseText: Record<ConnectionPhase, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline, trying to reconnect',
  reconnecting: 'Reconnecting…',
  reconnected: 'Reconnected, all changes saved',
  closed: 'Disconnected',
}

export function ConnectionIndicator() {
  const { phase, unsent, notice } = useConnection()
  const { clock } = useSession().sync
  // Whether this device knows its offset to the server's clock yet (the huddle's countdowns need it).
  const clockSynced = useSyncExternalStore(clock.subscribe, () => clock.getSnapshot().synced)
  const waiting = phase !== 'live' && phase !== 'reconnected' && unsent > 0
  return (
    <div
      className={`connection connection--${phase}`}
      data-phase={phase}
      data-clock={clockSynced ? 'synced' : 'pending'}
    >
      <span className="connection__dot" aria-hidden="true" />
      <div className="connection__text">
        {/* Only the state itself is announced; the count changes with every keystroke while offline. */}
        <p className="connection__phase" role="status" aria-live="polite">
          <span className="visually-hidden">Connection: </span>
          {phaseText[phase]}
        </p>
        {waiting && (
          <p className="connection__detail">
            {unsent === 1 ? '1 change' : `${unsent} changes`} kept on this device, sent once back online
          </p>
        )}
        {notice && <p className="connection__detail">{notice}</p>}
      </div>
    </div>
  )
}
