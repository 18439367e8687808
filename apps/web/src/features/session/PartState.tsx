import type { ReactNode } from 'react'
import { useConnection, useSession } from './SessionContext.tsx'

interface Props {
  /** The part as a sentence names it: 'the review board'. */
  part: string
  children: ReactNode
}

/**
 * Each part says where it stands when the board is not live: still loading, offline, reconnecting or
 * disconnected, in one sentence about what happens next. Until the board first arrives the part itself
 * stays out, so an empty board never looks like a couple with no goals.
 */
export function PartState({ part, children }: Props) {
  const { phase, loaded } = useConnection()
  const { canEdit } = useSession()
  let notice: string | null = null
  if (!loaded) {
    notice =
      phase === 'offline'
        ? `${capital(part)} cannot be reached yet. We keep trying, and it appears as soon as the connection works.`
        : phase === 'closed'
          ? `${capital(part)} could not be opened. Reload the page to try again.`
          : `Loading ${part}… It appears as soon as the board arrives.`
  } else if (phase === 'offline') {
    notice = canEdit
      ? `You are offline. What you change in ${part} stays on this device and is sent when the connection returns.`
      : `You are offline. ${capital(part)} shows what it held when the connection dropped.`
  } else if (phase === 'reconnecting') {
    notice = `Reconnecting… ${capital(part)} catches up with everyone’s changes in a moment.`
  } else if (phase === 'closed') {
    notice = `Disconnected. ${capital(part)} is not updated any more; reload the page to see it again.`
  }
  return (
    <>
      {notice && (
        <p className={`part-state part-state--${loaded ? phase : 'loading'}`} data-testid="part-state">
          {notice}
        </p>
      )}
      {loaded && children}
    </>
  )
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)
