import { useRef, useState } from 'react'
import type { KeyboardEvent, PointerEvent } from 'react'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import { CallPanel } from './CallPanel.tsx'

/** Distance kept from the screen's edges, and one arrow key's step, in CSS pixels. */
const MARGIN = 8
const STEP = 24

/**
 * On a phone the call is a small tile over the board, placed bottom right above the tabs. Its handle
 * moves it (drag, or arrow keys); "Hide" puts it away behind a small button, and the call goes on.
 */
export function FloatingCall() {
  const tile = useRef<HTMLDivElement>(null)
  // An offset from the tile's home corner.
  const [offset, setOffset] = useState({ x: 0, y: 0 })
  const drag = useRef<{ pointerX: number; pointerY: number; x: number; y: number } | null>(null)
  const [hidden, setHidden] = useState(false)

  /** Keeps the whole tile on the screen. */
  const clamp = (x: number, y: number) => {
    const box = tile.current?.getBoundingClientRect()
    if (!box) return { x, y }
    const left = box.left - offset.x
    const top = box.top - offset.y
    return {
      x: Math.min(Math.max(x, MARGIN - left), window.innerWidth - MARGIN - box.width - left),
      y: Math.min(Math.max(y, MARGIN - top), window.innerHeight - MARGIN - box.height - top),
    }
  }

  const onPointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId)
    drag.current = { pointerX: event.clientX, pointerY: event.clientY, ...offset }
  }
  const onPointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const start = drag.current
    if (!start) return
    setOffset(clamp(start.x + event.clientX - start.pointerX, start.y + event.clientY - start.pointerY))
  }
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-STEP, 0],
      ArrowRight: [STEP, 0],
      ArrowUp: [0, -STEP],
      ArrowDown: [0, STEP],
    }
    const move = moves[event.key]
    if (!move) return
    event.preventDefault()
    setOffset(clamp(offset.x + move[0], offset.y + move[1]))
  }

  return (
    <>
      {hidden && (
        <button
          type="button"
          className="button button--primary call-float__show"
          onClick={() => setHidden(false)}
        >
          Show the call
        </button>
      )}
      <div
        ref={tile}
        className="call-float"
        hidden={hidden}
        style={{ transform: `translate(${offset.x}px, ${offset.y}px)` }}
      >
        <div className="call-float__bar">
          <button
            type="button"
            className="call-float__handle"
            aria-label="Move the call (drag, or use the arrow keys)"
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={() => (drag.current = null)}
            onPointerCancel={() => (drag.current = null)}
            onKeyDown={onKeyDown}
          >
            <span aria-hidden="true" className="call-float__grip" />
          </button>
          <button type="button" className="button button--quiet button--tiny" onClick={() => setHidden(true)}>
            Hide<span className="visually-hidden"> the call tile</span>
          </button>
        </div>
        <PartBoundary part="the video call" className="call">
          <CallPanel brief />
        </PartBoundary>
      </div>
    </>
  )
}
