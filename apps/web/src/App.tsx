import { Suspense, lazy, useSyncExternalStore } from 'react'
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
import { NeutralPage } from './features/progress/log/NeutralPage.tsx'
import { isHidden, subscribeHidden } from './features/progress/log/quickHide.ts'
import { readRoute } from './lib/routes.ts'

const LogPage = lazy(() =>
  import('./features/progress/log/LogPage.tsx').then((page) => ({ default: page.LogPage })),
)

const MonthlyReviewPage = lazy(() => import('./features/progress/therapist/MonthlyReviewPage.tsx'))
// The charts (d3) load with these pages only, never with the first screen.
const CoupleProgressPage = lazy(() =>
  import('./features/progress/view/ProgressPage.tsx').then((page) => ({ default: page.CoupleProgressPage })),
)
const PlanProgressPage = lazy(() =>
  import('./features/progress/view/ProgressPage.tsx').then((page) => ({ default: page.PlanProgressPage })),
)

function PageLoading() {
  return (
    <p role="status" className="hint">
      Loading the page…
    </p>
  )
}

export function App() {
  // Quick hide covers every page at once, whatever it was.
  const hidden = useSyncExternalStore(subscribeHidden, isHidden)
  if (hidden) return <NeutralPage />
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
    case 'log':
      return (
        <Suspense fallback={<PageLoading />}>
          <LogPage />
        </Suspense>
      )
    case 'plan-progress':
      return (
        <Suspense fallback={<PageLoading />}>
          <PlanProgressPage />
        </Suspense>
      )
    case 'couple-progress':
      return (
        <Suspense fallback={<PageLoading />}>
          <CoupleProgressPage coupleId={route.coupleId} />
        </Suspense>
      )
    case 'monthly-review':
      return (
        <Suspense fallback={<PageLoading />}>
          <MonthlyReviewPage coupleId={route.coupleId} month={route.month} />
        </Suspense>
      )
    case 'not-found':
      return <NotFoundPage reason={route.reason} />
  }
}
