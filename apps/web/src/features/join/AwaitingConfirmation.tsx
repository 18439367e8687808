import { useEffect, useRef, useState } from 'react'
import type { Participant } from '@session-board/protocol'
import { ApiFailure } from '../../lib/api.ts'
import { askAboutRequest } from './joinApi.ts'

/** How often a waiting device asks whether the therapist has confirmed it. */
const ASK_EVERY_MS = 4_000

type Props = {
  requestId: string
  onConfirmed: (joined: Participant) => void
  onDeclined: (message: string) => void
}

/**
 * A partner's link opened on a device it did not enrol: the therapist confirms the device first. The
 * page asks the server every few seconds and goes on by itself once they have.
 */
export function AwaitingConfirmation({ requestId, onConfirmed, onDeclined }: Props) {
  const heading = useRef<HTMLHeadingElement>(null)
  const [trouble, setTrouble] = useState(false)

  useEffect(() => heading.current?.focus(), [])

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = () => {
      askAboutRequest(requestId)
        .then((answer) => {
          if (stopped) return
          setTrouble(false)
          if (answer.status === 'joined') onConfirmed(answer)
          else timer = setTimeout(ask, ASK_EVERY_MS)
        })
        .catch((error: unknown) => {
          if (stopped) return
          if (error instanceof ApiFailure && (error.status === 410 || error.status === 404)) {
            onDeclined(
              error.status === 410
                ? error.message
                : 'This request is no longer known. Please open your link again, or ask your therapist.',
            )
            return
          }
          // The connection dropped for a moment: keep asking, and say so.
          setTrouble(true)
          timer = setTimeout(ask, ASK_EVERY_MS)
        })
    }
    timer = setTimeout(ask, ASK_EVERY_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [requestId, onConfirmed, onDeclined])

  return (
    <main className="start-main join" aria-labelledby="awaiting-heading" aria-busy="true">
      <h1 id="awaiting-heading" ref={heading} tabIndex={-1}>
        Waiting for your therapist
      </h1>
      <p>
        Your link was already used on another phone or computer. To keep your board private, your therapist
        confirms each new device. We have let them know.
      </p>
      <p className="notice" role="status">
        {trouble
          ? 'The connection is unsteady; we keep trying. You can leave this page open.'
          : 'Keep this page open: it goes on by itself as soon as your therapist confirms this device.'}
      </p>
      <p className="hint">
        If you did not expect this, you can close the page. Nothing is shared until your therapist confirms.
      </p>
    </main>
  )
}
