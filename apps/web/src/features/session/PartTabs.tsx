import { useRef } from 'react'
import type { KeyboardEvent } from 'react'
import type { BoardPart } from '@session-board/board'
import type { BoardView } from './parts.ts'
import { viewTab } from './parts.ts'

interface Props {
  views: readonly BoardView[]
  shown: BoardView
  /** The part the therapist shows, marked on its tab for those who do not follow. */
  followed: BoardPart | null
  onShow: (view: BoardView) => void
}

export const tabId = (view: BoardView) => `board-tab-${view}`
export const panelId = (view: BoardView) => `board-view-${view}`

/** The parts of the board as tabs (the ARIA tabs pattern: arrow keys move between them). */
export function PartTabs({ views, shown, followed, onShow }: Props) {
  const list = useRef<HTMLDivElement>(null)
  const onKeyDown = (event: KeyboardEvent) => {
    const index = views.indexOf(shown)
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? views[(index + 1) % views.length]
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? views[(index - 1 + views.length) % views.length]
          : event.key === 'Home'
            ? views[0]
            : event.key === 'End'
              ? views.at(-1)
              : undefined
    if (!next) return
    event.preventDefault()
    onShow(next)
    list.current?.querySelector<HTMLElement>(`#${tabId(next)}`)?.focus()
  }
  return (
    <div
      ref={list}
      className="part-tabs"
      role="tablist"
      aria-label="Parts of the board"
      onKeyDown={onKeyDown}
    >
      {views.map((view) => (
        <button
          key={view}
          id={tabId(view)}
          type="button"
          role="tab"
          className="part-tabs__tab"
          aria-selected={view === shown}
          aria-controls={panelId(view)}
          tabIndex={view === shown ? 0 : -1}
          onClick={() => onShow(view)}
        >
          {viewTab(view).label}
          {view === followed && (
            <span className="part-tabs__therapist">
              <span aria-hidden="true" className="part-tabs__dot" />
              <span className="visually-hidden"> (the therapist is here)</span>
            </span>
          )}
        </button>
      ))}
    </div>
  )
}
