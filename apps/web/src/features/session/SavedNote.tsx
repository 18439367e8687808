import { useConnection } from './SessionContext.tsx'

interface Props {
  /** Whether this person changed something here. */
  shown: boolean
  /** What "saved" means here: who reads it now. */
  saved: string
  className: string
}

/**
 * Under what this person last changed: whether it reached the others, in the connection's own terms.
 * The region is always there, empty until then, so a screen reader hears it when it fills.
 */
export function SavedNote({ shown, saved, className }: Props) {
  const { phase } = useConnection()
  let text = ''
  if (shown) {
    text =
      phase === 'live' || phase === 'reconnected'
        ? saved
        : 'Kept on this device for now; it is sent as soon as you are back online.'
  }
  return (
    <p className={className} role="status">
      {text}
    </p>
  )
}
