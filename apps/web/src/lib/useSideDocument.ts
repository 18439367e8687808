import { useEffect, useState } from 'react'
import { describeFailure } from './api.ts'
import { createTokenSource, fetchConnectToken } from './connectToken.ts'
import type { TokenSource } from './connectToken.ts'

export type SideDocumentOpening<S> =
  { state: 'opening' } | { state: 'open'; sync: S } | { state: 'failed'; message: string }

/**
 * Opens one of a session's documents kept apart from the board (the therapist's notes, a partner's
 * private scores): a connect token for that target first, which the server gives only to whom it
 * belongs, then its own socket; closed again on unmount. `open` should be defined once, outside render.
 */
export function useSideDocument<S extends { destroy(): void }>(
  sessionId: string,
  target: 'notes' | 'scores',
  open: (sessionId: string, tokens: TokenSource) => S,
  enabled = true,
): SideDocumentOpening<S> {
  const [opening, setOpening] = useState<SideDocumentOpening<S>>({ state: 'opening' })
  useEffect(() => {
    if (!enabled) return
    let active = true
    let opened: S | null = null
    fetchConnectToken(sessionId, target)
      .then((first) => {
        if (!active) return
        opened = open(sessionId, createTokenSource(sessionId, first, target))
        setOpening({ state: 'open', sync: opened })
      })
      .catch((error: unknown) => {
        if (active) setOpening({ state: 'failed', message: describeFailure(error) })
      })
    return () => {
      active = false
      opened?.destroy()
      setOpening({ state: 'opening' })
    }
  }, [sessionId, target, open, enabled])
  return opening
}
