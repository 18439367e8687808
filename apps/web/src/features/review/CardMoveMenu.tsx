import { useEffect, useRef, useState } from 'react'
import { COLUMNS, columnLabels } from '@session-board/board'
import type { Card, Column } from '@session-board/board'

interface Props {
  card: Card
  column: Column
  index: number
  count: number
  onMove: (id: string, column: Column, index: number) => void
}

/** A plain, button-only way to move a card: no dragging needed, works the same with a screen reader. */
export function CardMoveMenu({ card, column, index, count, onMove }: Props) {
  const [open, setOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const name = card.text.trim() || 'empty card'
  const groupId = `move-${card.id}`

  useEffect(() => {
    if (!open) return
    const close = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', close)
    return () => document.removeEventListener('pointerdown', close)
  }, [open])

  const move = (to: Column, toIndex: number) => {
    setOpen(false)
    onMove(card.id, to, toIndex)
  }

  return (
    <div
      className="move-menu"
      ref={rootRef}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation()
          setOpen(false)
          rootRef.current?.querySelector<HTMLElement>('[data-move-toggle]')?.focus()
        }
      }}
    >
      <button
        type="button"
        className="button button--quiet button--small"
        aria-expanded={open}
        aria-controls={groupId}
        data-move-toggle={card.id}
        onClick={() => setOpen((value) => !value)}
      >
        Move<span className="visually-hidden"> card: {name}</span>
      </button>
      {open && (
        <div id={groupId} className="move-menu__panel" role="group" aria-label={`Move card: ${name}`}>
          <button type="button" disabled={index === 0} onClick={() => move(column, index - 1)}>
            Up
          </button>
          <button type="button" disabled={index >= count - 1} onClick={() => move(column, index + 1)}>
            Down
          </button>
          {COLUMNS.filter((other) => other !== column).map((other) => (
            <button key={other} type="button" onClick={() => move(other, Number.MAX_SAFE_INTEGER)}>
              To {columnLabels[other]}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
