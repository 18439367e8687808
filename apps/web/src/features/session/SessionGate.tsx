import { useState } from 'react'
import { JoinForm } from './JoinForm.tsx'
import { loadJoinDetails, saveJoinDetails, forgetJoinDetails } from './joinStorage.ts'
import type { JoinDetails } from './joinStorage.ts'
import { SessionPage } from './SessionPage.tsx'

/** Asks for a name and role once per tab, then opens the board. */
export function SessionGate({ sessionId }: { sessionId: string }) {
  const [details, setDetails] = useState<JoinDetails | null>(() => loadJoinDetails(sessionId))
  if (!details) {
    return (
      <JoinForm
        onJoin={(joined) => {
          saveJoinDetails(sessionId, joined)
          setDetails(joined)
        }}
      />
    )
  }
  return (
    <SessionPage
      sessionId={sessionId}
      details={details}
      onLeave={() => {
        forgetJoinDetails(sessionId)
        setDetails(null)
      }}
    />
  )
}
