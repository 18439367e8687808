import { useState } from 'react'
import type { FormEvent } from 'react'
import { MAX_RATING, RATING_KINDS, rateCard, setCardGroup, setCardOwner } from '@session-board/board'
import type { Card, GoalOwner, RatingKind } from '@session-board/board'
import { ownerChoices } from '../goals/owners.ts'
import { partnerName, useBoard, useSession } from '../session/SessionContext.tsx'

const myLabels: Record<RatingKind, string> = {
  effort: `My effort, 0 to ${MAX_RATING}`,
  impact: `My impact, 0 to ${MAX_RATING}`,
}

/** A whole number from 0 to 10, null for an emptied field, undefined for anything else. */
function parseRating(text: string): number | null | undefined {
  if (text.trim() === '') return null
  const value = Number(text)
  return Number.isInteger(value) && value >= 0 && value <= MAX_RATING ? value : undefined
}

/** A card's owner, group and the current partner's own ratings, behind a "Details" disclosure. */
export function CardDetails({ card, groups }: { card: Card; groups: string[] }) {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const [open, setOpen] = useState(false)
  const [groupDraft, setGroupDraft] = useState<string | null>(null)
  const name = card.text.trim() || 'empty card'
  const panelId = `card-details-${card.id}`
  const partner = me.role === 'partnerA' || me.role === 'partnerB' ? me.role : null
  const owners = ownerChoices((role) => partnerName(snapshot, role))

  const commitGroup = (event?: FormEvent) => {
    event?.preventDefault()
    if (groupDraft !== null) setCardGroup(sync.doc, card.id, groupDraft.trim())
    setGroupDraft(null)
  }

  return (
    <div className="card-details">
      <button
        type="button"
        className="button button--quiet button--small"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        Details<span className="visually-hidden"> of card: {name}</span>
      </button>
      {open && (
        <div
          id={panelId}
          className="card-details__panel"
          role="group"
          aria-label={`Details of card: ${name}`}
        >
          <div className="card-details__field">
            <label htmlFor={`${panelId}-owner`}>Owner</label>
            <select
              id={`${panelId}-owner`}
              value={card.owner}
              disabled={!canEdit}
              onChange={(event) => setCardOwner(sync.doc, card.id, event.target.value as GoalOwner)}
            >
              {owners.map((owner) => (
                <option key={owner.value} value={owner.value}>
                  {owner.label}
                </option>
              ))}
            </select>
          </div>
          <form className="card-details__field" onSubmit={commitGroup}>
            <label htmlFor={`${panelId}-group`}>Group</label>
            <input
              id={`${panelId}-group`}
              value={groupDraft ?? card.group}
              maxLength={60}
              readOnly={!canEdit}
              list={`${panelId}-groups`}
              placeholder="e.g. Evenings"
              onChange={(event) => setGroupDraft(event.target.value)}
              onBlur={() => commitGroup()}
            />
            <datalist id={`${panelId}-groups`}>
              {groups.map((group) => (
                <option key={group} value={group} />
              ))}
            </datalist>
          </form>
          {partner &&
            canEdit &&
            RATING_KINDS.map((kind) => (
              <div key={kind} className="card-details__field">
                <label htmlFor={`${panelId}-${kind}`}>{myLabels[kind]}</label>
                <input
                  id={`${panelId}-${kind}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={MAX_RATING}
                  step={1}
                  value={card.ratings[partner][kind] ?? ''}
                  onChange={(event) => {
                    const value = parseRating(event.target.value)
                    if (value !== undefined) rateCard(sync.doc, card.id, partner, kind, value)
                  }}
                />
              </div>
            ))}
        </div>
      )}
    </div>
  )
}
