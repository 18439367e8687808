import { Suspense, lazy, useSyncExternalStore } from 'react'
import type { ReactNode } from 'react'
import { SignInPage } from './features/account/SignInPage.tsx'
import { SignUpPage } from './features/account/SignUpPage.tsx'
import { JoinPage } from './features/join/JoinPage.tsx'
import { PlanPage } from './features/plan/PlanPage.tsx'
import { NotFoundPage } from './features/session/NotFoundPage.tsx'
import { SessionGate } from './features/session/SessionGate.tsx'
import { StartPage } from './features/session/StartPage.tsx'
import { NeutralPage } from './features/progress/log/NeutralPage.tsx'
import { isHidden, subscribeHidden } from './features/progress/log/quickHide.ts'
import type { Route } from './lib/routes.ts'
import { readRoute } from './lib/routes.ts'

// The therapist's pages load on their own, so a partner's first screen does not carry them.
const DashboardPage = lazy(() =>
  import('./features/dashboard/DashboardPage.tsx').then((page) => ({ default: page.DashboardPage })),
)
const CouplePage = lazy(() =>
  import('./features/couples/CouplePage.tsx').then((page) => ({ default: page.CouplePage })),
)
const AuditPage = lazy(() =>
  import('./features/dashboard/AuditPage.tsx').then((page) => ({ default: page.AuditPage })),
)
const LogPage = lazy(() =>
  import('./features/progress/log/LogPage.tsx').then((page) => ({ default: page.LogPage })),
)

const MonthlyReviewPage = lazy(() =>
  import('./features/progress/therapist/MonthlyReviewPage.tsx').then((page) => ({
    default: page.MonthlyReviewPage,
  })),
)
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
  return <Suspense fallback={<PageLoading />}>{pageFor(readRoute(window.location.pathname))}</Suspense>
}

function pageFor(route: Route): ReactNode {
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
      return <LogPage />
    case 'plan-progress':
      return <PlanProgressPage />
    case 'couple-progress':
      return <CoupleProgressPage coupleId={route.coupleId} />
    case 'monthly-review':
      return <MonthlyReviewPage coupleId={route.coupleId} month={route.month} />
    case 'not-found':
      return <NotFoundPage reason={route.reason} />
  }
}
