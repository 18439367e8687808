import { useSyncExternalStore } from 'react'

/** The phone layout's breakpoint: below it the board shows tabs at the bottom and a floating call. */
export const PHONE_QUERY = '(max-width: 700px)'

/** Whether a CSS media query matches now, following it as the window changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', onChange)
      return () => list.removeEventListener('change', onChange)
    },
    () => window.matchMedia(query).matches,
  )
}

export const usePhoneLayout = () => useMediaQuery(PHONE_QUERY)

/**
 * Below this width the board has no room for a side panel: its parts become tabs at the bottom and the
 * call floats above them.
 */
export const COMPACT_QUERY = '(max-width: 900px)'

export const useCompactLayout = () => useMediaQuery(COMPACT_QUERY)
