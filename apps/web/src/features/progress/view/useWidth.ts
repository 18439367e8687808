import { useEffect, useRef, useState } from 'react'

/**
 * The element's width in CSS pixels, kept up to date: the chart's geometry is computed for the width
 * it is shown at, so its text stays the same size on a phone and on a laptop.
 */
export function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const element = ref.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(240, Math.round(entry.contentRect.width)))
    })
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  return { ref, width }
}
