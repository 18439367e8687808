import { sessionIdSchema } from '@session-board/protocol'
import { SessionGate } from './features/session/SessionGate.tsx'
import { StartPage } from './features/session/StartPage.tsx'
import { NotFoundPage } from './features/session/NotFoundPage.tsx'

/** Two pages only, so the path is read directly; every link is a normal page load. */
export function App() {
  const path = window.location.pathname
  const match = /^\/s\/([^/]+)\/?$/.exec(path)
  if (match) {
    const sessionId = decodeURIComponent(match[1] ?? '')
    if (sessionIdSchema.safeParse(sessionId).success) return <SessionGate sessionId={sessionId} />
    return <NotFoundPage reason="This session link is not complete or has a typing error." />
  }
  if (path === '/' || path === '/index.html') return <StartPage />
  return <NotFoundPage reason="There is no page at this address." />
}
