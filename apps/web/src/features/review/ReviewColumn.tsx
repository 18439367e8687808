import { Fragment, useState } from 'react'
import type { FormEvent } from 'react'
import { useDroppable } from '@dnd-kit/core'
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { addCard } from '@session-board/board'
import type { Card, Column } from '@session-board/board'
import { useSession } from '../session/SessionContext.tsx'
import { columnDropId } from './columnIds.ts'
import { ReviewCard } from './ReviewCard.tsx'

const columnHints: Record<Column, string> = {
  keep: 'Helping us; worth continuing.',
  stop: 'Not helping right now; to set down.',
  start: 'Something new to try before next time.',
}

interface Props {
  column: Column
  label: string
  cardIds: string[]
  cardsById: Map<string, Card>
  activeId: string | null
  onMove: (id: string, column: Column, index: number) => void
}

export function ReviewColumn({ column, label, cardIds, cardsById, activeId, onMove }: Props) {
  const { sync, canEdit } = useSession()
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column) })
  const [draft, setDraft] = useState('')
  const headingId = `column-${column}-heading`
  const visible = cardIds.filter((id) => cardsById.has(id))
  const groupOf = (id: string) => cardsById.get(id)?.group ?? ''
  const groups = [...new Set(visible.map(groupOf).filter(Boolean))]

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const text = draft.trim()
    if (!text) return
    addCard(sync.doc, { text, column })
    setDraft('')
  }

  return (
    <section
      className={`column column--${column}${isOver ? ' column--over' : ''}`}
      aria-labelledby={headingId}
    >
      <div className="column__head">
        <h3 id={headingId}>
          {label} <span className="column__count">({visible.length})</span>
        </h3>
        <p className="column__hint">{columnHints[column]}</p>
      </div>
      <SortableContext id={column} items={visible} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} className="column__cards" aria-labelledby={headingId}>
          {visible.map((id, index) => {
            const group = groupOf(id)
            // The group's name heads the run of its cards (selectColumns shows a group's cards together).
            const startsGroup = group !== '' && (index === 0 || groupOf(visible[index - 1] ?? '') !== group)
            return (
              <Fragment key={id}>
                {startsGroup && (
                  <li className="column__group">
                    <h4>{group}</h4>
                  </li>
                )}
                <ReviewCard
                  card={cardsById.get(id) as Card}
                  column={column}
                  index={index}
                  count={visible.length}
                  isActive={activeId === id}
                  groups={groups}
                  onMove={onMove}
                />
              </Fragment>
            )
          })}
          {visible.length === 0 && <li className="column__empty">No cards here yet.</li>}
        </ul>
      </SortableContext>
      {canEdit && (
        <form className="column__add" onSubmit={submit}>
          <label htmlFor={`new-card-${column}`} className="visually-hidden">
            New card for {label}
          </label>
          <input
            id={`new-card-${column}`}
            value={draft}
            maxLength={300}
            placeholder={`Add to ${label}…`}
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button--secondary button--small" disabled={!draft.trim()}>
            Add<span className="visually-hidden"> card to {label}</span>
          </button>
        </form>
      )}
    </section>
  )
}
