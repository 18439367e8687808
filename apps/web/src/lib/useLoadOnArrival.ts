import { useCallback, useEffect, useState } from 'react'
import { describeFailure } from './api.ts'

/**
 * Data from the server, loaded on arrival and on request only: a timer would count as activity and
 * defeat the idle log-off. A failed reload keeps what is shown and says why. `fetchData` must keep
 * its identity between renders (a module function), or it would load on every render.
 */
export function useLoadOnArrival<T>(fetchData: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try {
      setData(await fetchData())
      setProblem(null)
    } catch (error) {
      setProblem(describeFailure(error))
    }
  }, [fetchData])
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload()
  }, [reload])

  return { data, problem, reload }
}
