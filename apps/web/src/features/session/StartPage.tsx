import { useState } from 'react'
import { newSessionId } from '../../lib/env.ts'
import './session.css'

export function StartPage() {
  const [sessionId] = useState(newSessionId)
  return (
    <div className="page page--narrow">
      <header className="start-header">
        <p className="brand">Session board</p>
      </header>
      <main className="start-main" aria-labelledby="start-heading">
        <h1 id="start-heading">A shared board for the couples session</h1>
        <p>
          During the video call, the therapist and both partners work on one board together: joint goals
          written the SMART-for-Two way, and a keep / stop / start review. Every change shows for everyone
          within a moment.
        </p>
        <p>
          <a className="button button--primary" href={`/s/${sessionId}`}>
            Start a new session
          </a>
        </p>
        <p className="hint">
          Share the address of the new board with the people in the call. Anyone with the link can open it, so
          please share it only inside the session.
        </p>
      </main>
    </div>
  )
}
