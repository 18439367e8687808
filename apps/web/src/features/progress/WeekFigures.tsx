import { Suspense, lazy } from 'react'

// The figures load after the board: the session's first screen does not wait for them.
const WeekFiguresList = lazy(() =>
  import('./WeekFiguresList.tsx').then((list) => ({ default: list.WeekFiguresList })),
)

/** The huddle's review part: the week's metrics and dials, beside the keep/stop/start board. */
export function WeekFigures() {
  return (
    <Suspense fallback={null}>
      <WeekFiguresList />
    </Suspense>
  )
}
