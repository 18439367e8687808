import { useEffect, useMemo, useState } from 'react'
import type { ConnectToken, Presence } from '@session-board/protocol'
import { ApiFailure, describeFailure } from '../../lib/api.ts'
import type { TokenSource } from '../../lib/connectToken.ts'
import { openSession } from '../../lib/sync.ts'
import type { SessionSync } from '../../lib/sync.ts'
import { roleColors } from '../presence/colors.ts'
import { createCoupleTokenSource } from './coupleTokens.ts'
import { fetchCoupleToken } from './couplesApi.ts'

export type CoupleSyncState =
  | { state: 'opening' }
  | { state: 'open'; sync: SessionSync; me: Presence; refusal: string | null; dismissRefusal: () => void }
  /** No token: the therapist's login or the partner's device sign-in is gone (or never was). */
  | { state: 'signed-out' }
  | { state: 'failed'; message: string }

type Access =
  | { state: 'opening' }
  | { state: 'ready'; token: ConnectToken; tokens: TokenSource }
  | { state: 'signed-out' }
  | { state: 'failed'; message: string }

/**
 * The couple's own document (`/sync/cpl_…`), open between sessions: the plan, live. The server decides
 * who may open it and what they may change.
 */
export function useCoupleSync(coupleId: string): CoupleSyncState {
  const [access, setAccess] = useState<Access>({ state: 'opening' })
  const [sync, setSync] = useState<SessionSync | null>(null)
  const [generation, setGeneration] = useState(0)
  const [refusal, setRefusal] = useState<string | null>(null)

  useEffect(() => {
    let active = true
    fetchCoupleToken(coupleId)
      .then(
        (token) =>
          active && setAccess({ state: 'ready', token, tokens: createCoupleTokenSource(coupleId, token) }),
      )
      .catch((error: unknown) => {
        if (!active) return
        if (error instanceof ApiFailure && (error.status === 401 || error.status === 403)) {
          setAccess({ state: 'signed-out' })
        } else setAccess({ state: 'failed', message: describeFailure(error) })
      })
    return () => {
      active = false
      setAccess({ state: 'opening' })
    }
  }, [coupleId])

  const ready = access.state === 'ready' ? access : null
  const me = useMemo<Presence | null>(
    () =>
      ready
        ? { name: ready.token.displayName, role: ready.token.role, color: roleColors[ready.token.role] }
        : null,
    [ready],
  )

  useEffect(() => {
    if (!ready || !me) return
    const opened = openSession({
      sessionId: coupleId,
      presence: me,
      tokens: ready.tokens,
      onRefused: (refused) => {
        setRefusal(refused.message)
        setGeneration((value) => value + 1)
      },
      onAccessLost: () => setAccess({ state: 'signed-out' }),
    })
    // The socket is an outside resource tied to this component's life, handed to render through state.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSync(opened)
    return () => {
      setSync(null)
      opened.destroy()
    }
  }, [coupleId, ready, me, generation])

  const failure = access.state === 'failed' ? access.message : null
  // One value per real change, so whatever the page builds from it (a context) keeps its identity.
  return useMemo<CoupleSyncState>(() => {
    if (access.state === 'signed-out') return { state: 'signed-out' }
    if (failure !== null) return { state: 'failed', message: failure }
    if (!sync || !me) return { state: 'opening' }
    return { state: 'open', sync, me, refusal, dismissRefusal: () => setRefusal(null) }
  }, [access.state, failure, sync, me, refusal])
}
