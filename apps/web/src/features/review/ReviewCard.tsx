import { useSortable } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { removeCard, updateCardText } from '@session-board/board'
import type { Card, Column } from '@session-board/board'
import { ownerLabel } from '../goals/owners.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'
import { WordingNote, useWordingHints, wordingNoteId } from '../wording/WordingNote.tsx'
import { CardDetails } from './CardDetails.tsx'
import { authorLabel, hasRatings, ratingLine } from './cardPeople.ts'
import { CardMoveMenu } from './CardMoveMenu.tsx'

interface Props {
  card: Card
  column: Column
  index: number
  count: number
  isActive: boolean
  /** The groups of the card's column, offered when naming a group. */
  groups: string[]
  onMove: (id: string, column: Column, index: number) => void
}

export function ReviewCard({ card, column, index, count, isActive, groups, onMove }: Props) {
  const { sync, canEdit } = useSession()
  const snapshot = useBoard()
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({
    id: card.id,
    disabled: !canEdit,
  })
  const name = card.text.trim() || 'empty card'
  const textId = `card-text-${card.id}`
  const hints = useWordingHints(canEdit ? card.text : '')
  const author = authorLabel(snapshot, card.author)
  const owner = ownerLabel(card.owner, (partner) => partnerName(snapshot, partner))

  return (
    <li
      ref={setNodeRef}
      className={`card${isActive ? ' card--dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-card-id={card.id}
    >
      {canEdit && (
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="card__handle"
          {...attributes}
          {...listeners}
          aria-label={`Drag card: ${name}`}
        >
          <svg viewBox="0 0 12 20" width="12" height="20" aria-hidden="true" focusable="false">
            <circle cx="3" cy="4" r="1.6" />
            <circle cx="9" cy="4" r="1.6" />
            <circle cx="3" cy="10" r="1.6" />
            <circle cx="9" cy="10" r="1.6" />
            <circle cx="3" cy="16" r="1.6" />
            <circle cx="9" cy="16" r="1.6" />
          </svg>
        </button>
      )}
      <div className="card__body">
        <label htmlFor={textId} className="visually-hidden">
          Card text, {column} column, place {index + 1} of {count}
        </label>
        <textarea
          id={textId}
          className="card__text"
          rows={1}
          maxLength={300}
          value={card.text}
          readOnly={!canEdit}
          aria-describedby={hints.length > 0 ? wordingNoteId(textId) : undefined}
          onChange={(event) => updateCardText(sync.doc, card.id, event.target.value)}
        />
        {canEdit && <WordingNote fieldId={textId} hints={hints} />}
        {(author || owner || hasRatings(card)) && (
          <p className="card__meta">
            {author && <span>Added by {author}</span>}
            {owner && <span>Owner: {owner}</span>}
            {hasRatings(card) && <span>{ratingLine(snapshot, card, 'effort')}</span>}
            {hasRatings(card) && <span>{ratingLine(snapshot, card, 'impact')}</span>}
          </p>
        )}
        <div className="card__actions">
          <CardDetails card={card} groups={groups} />
          {canEdit && (
            <CardMoveMenu card={card} column={column} index={index} count={count} onMove={onMove} />
          )}
          {canEdit && (
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => removeCard(sync.doc, card.id)}
            >
              Delete<span className="visually-hidden"> card: {name}</span>
            </button>
          )}
        </div>
      </div>
    </li>
  )
}
