import { SignInPage } from './features/account/SignInPage.tsx'
import { SignUpPage } from './features/account/SignUpPage.tsx'
import { CouplePage } from './features/couples/CouplePage.tsx'
import { AuditPage } from './features/dashboard/AuditPage.tsx'
import { DashboardPage } from './features/dashboard/DashboardPage.tsx'
import { JoinPage } from './features/join/JoinPage.tsx'
import { PlanPage } from './features/plan/PlanPage.tsx'
import { NotFoundPage } from './features/session/NotFoundPage.tsx'
import { SessionGate } from './features/session/SessionGate.tsx'
import { StartPage } from './features/session/StartPage.tsx'
import { readRoute } from './lib/routes.ts'

export function App() {
  const route = readRoute(window.location.pathname)
  switch (route.page) {
    case 'start':
      return <StartPage />
    case 'sign-up':
      return <SignUpPage />
    case 'sign-in':
      return <SignInPage />
    case 'dashboard':
      return <DashboardPage />
    case 'join':
      return <JoinPage />
    case 'plan':
      return <PlanPage />
    case 'couple':
      return <CouplePage coupleId={route.coupleId} />
    case 'board':
      return <SessionGate sessionId={route.sessionId} />
    case 'audit':
      return <AuditPage sessionId={route.sessionId} />
    case 'not-found':
      return <NotFoundPage reason={route.reason} />
  }
}
