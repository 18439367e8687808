import { useMemo, useState } from 'react'
import { DndContext } from '@dnd-kit/core'
import { COLUMNS, columnLabels, moveCard } from '@session-board/board'
import type { Card, Column } from '@session-board/board'
import { WeekFigures } from '../progress/WeekFigures.tsx'
import { useBoard, useSession } from '../session/SessionContext.tsx'
import { createAnnouncements, describePlace, screenReaderInstructions } from './announcements.ts'
import type { ColumnItems } from './columnIds.ts'
import { ExperimentPicker } from './ExperimentPicker.tsx'
import { ReviewColumn } from './ReviewColumn.tsx'
import { useCardDrag } from './useCardDrag.ts'
import './review.css'

export function ReviewBoard() {
  const { sync } = useSession()
  const { columns } = useBoard()
  const drag = useCardDrag(sync.doc, columns)
  const [moveNotice, setMoveNotice] = useState('')

  const cardsById = useMemo(() => {
    const map = new Map<string, Card>()
    for (const column of COLUMNS) for (const card of columns[column]) map.set(card.id, card)
    return map
  }, [columns])
  const textOf = (id: string) => cardsById.get(id)?.text.trim() ?? ''
  const announcements = useMemo(
    () => createAnnouncements(drag.itemsRef, (id) => cardsById.get(id)?.text.trim() ?? ''),
    [drag.itemsRef, cardsById],
  )

  /** The move buttons' path: same result as a drop, then focus follows the card to its new place. */
  const moveWithControls = (id: string, column: Column, index: number) => {
    moveCard(sync.doc, id, column, index)
    const after = {} as ColumnItems
    for (const c of COLUMNS) after[c] = columns[c].map((card) => card.id).filter((cardId) => cardId !== id)
    after[column].splice(index, 0, id)
    setMoveNotice(`Card “${textOf(id) || 'empty'}” moved to ${describePlace(after, id)}.`)
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-move-toggle="${id}"]`)?.focus())
  }

  return (
    <section className="panel review" aria-labelledby="review-heading">
      <div className="panel__head">
        <h2 id="review-heading">Review: keep, stop, start</h2>
        <p className="panel__intro">
          What is helping and worth keeping, what to set down, and what to try next. Drag a card by its
          handle, or use its Move button.
        </p>
      </div>
      <WeekFigures />
      <DndContext
        sensors={drag.sensors}
        collisionDetection={drag.collisionDetection}
        onDragStart={drag.onDragStart}
        onDragOver={drag.onDragOver}
        onDragEnd={drag.onDragEnd}
        onDragCancel={drag.onDragCancel}
        accessibility={{ announcements, screenReaderInstructions }}
      >
        <div className="review__columns">
          {COLUMNS.map((column) => (
            <ReviewColumn
              key={column}
              column={column}
              label={columnLabels[column]}
              cardIds={drag.items[column]}
              cardsById={cardsById}
              activeId={drag.activeId}
              onMove={moveWithControls}
            />
          ))}
        </div>
      </DndContext>
      <ExperimentPicker />
      <p className="visually-hidden" role="status" aria-live="polite">
        {moveNotice}
      </p>
    </section>
  )
}
