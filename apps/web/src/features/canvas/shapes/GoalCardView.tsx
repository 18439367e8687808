import { stopEventPropagation, useEditor, useValue } from '@tldraw/tldraw'
import type { TLShapeId } from '@tldraw/tldraw'
import {
  PARTNER_ROLES,
  isAgreed,
  missingSmartParts,
  setConsent,
  smartPartLabels,
  wordingHints,
} from '@session-board/board'
import type { Goal, PartnerRole } from '@session-board/board'
import type { GoalCardShape } from '@session-board/canvas'
import { partnerName, useBoard, useSession } from '../../session/SessionContext.tsx'
import { ownerLabel } from '../../goals/owners.ts'
import { canvasHooks } from '../canvasHooks.ts'

const TOTAL_PARTS = Object.keys(smartPartLabels).length

const parts: {
  field: 'specific' | 'measurable' | 'achievable' | 'relevant' | 'transparent'
  letter: string
}[] = [
  { field: 'specific', letter: 'S' },
  { field: 'measurable', letter: 'M' },
  { field: 'achievable', letter: 'A' },
  { field: 'relevant', letter: 'R' },
  { field: 'transparent', letter: 'Tr' },
]

/**
 * The name of the frame a shape sits in (a template column), or '' on the open canvas. Read live from
 * the editor: tldraw re-renders a shape's component only when its props change, not when it moves.
 */
export function useColumnName(shapeId: TLShapeId): string {
  const editor = useEditor()
  return useValue(
    'column name',
    () => {
      const shape = editor.getShape(shapeId)
      const parent = shape && editor.getShape(shape.parentId as TLShapeId)
      return parent?.type === 'frame' ? String((parent.props as { name?: unknown }).name ?? '') : ''
    },
    [editor, shapeId],
  )
}

/** A SMART-for-Two goal as a card: the eight parts, both partners' ticks and what is still open. */
export function GoalCardView({ shape }: { shape: GoalCardShape }) {
  const editor = useEditor()
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const column = useColumnName(shape.id)
  const goal = snapshot.goals.find((candidate) => candidate.id === shape.props.goalId)
  if (!goal) {
    return (
      <article className="goal-card goal-card--missing" aria-label="A goal card whose goal is not here">
        <p>This goal is not on the board any more.</p>
      </article>
    )
  }
  const name = (partner: PartnerRole) => partnerName(snapshot, partner)
  const agreed = isAgreed(goal)
  const missing = missingSmartParts(goal)
  const title = goal.title.trim() || 'Untitled goal'
  const hints = wordingHints([goal.title, ...parts.map((part) => goal[part.field])].join('\n'))
  const withdrawn = PARTNER_ROLES.filter(
    (partner) => goal.consentWithdrawn[partner] && !goal.willing[partner],
  )
  const initiator = ownerLabel(goal.initiator, name)
  const backup = ownerLabel(goal.backupOwner, name)

  return (
    <article
      className={`goal-card${agreed ? ' goal-card--agreed' : ''}`}
      aria-roledescription="goal card"
      aria-label={`Goal: ${title}`}
      data-goal-id={goal.id}
      data-agreed={agreed}
      data-column={column}
    >
      <div className="goal-card__tags">
        <span className="tag">{goal.kind === 'therapy' ? 'Therapy goal' : 'Life goal'}</span>
        {goal.nonNegotiable && <span className="tag tag--pinned">Non-negotiable</span>}
        {agreed ? (
          <span className="tag tag--agreed">Agreed</span>
        ) : (
          <span className="tag tag--pending">Not yet agreed</span>
        )}
      </div>
      <h3 className="goal-card__title">{title}</h3>
      {column && <p className="goal-card__column">In: {column}</p>}
      <dl className="goal-card__parts">
        {parts.map(({ field, letter }) => (
          <div key={field} className="goal-card__part">
            <dt title={smartPartLabels[field]}>
              <abbr title={smartPartLabels[field]}>{letter}</abbr>
            </dt>
            <dd>{goal[field].trim() || <span className="goal-card__empty">Not written yet</span>}</dd>
          </div>
        ))}
        <div className="goal-card__part">
          <dt>
            <abbr title="Time-bound">T</abbr>
          </dt>
          <dd>
            {goal.startDate || goal.reviewDate ? (
              `${goal.startDate || '…'} → review ${goal.reviewDate || '…'}`
            ) : (
              <span className="goal-card__empty">No dates yet</span>
            )}
          </dd>
        </div>
        <div className="goal-card__part">
          <dt>
            <abbr title="Owned">O</abbr>
          </dt>
          <dd>
            {initiator ? (
              `${initiator} starts${backup ? `; ${backup} steps in` : ''}`
            ) : (
              <span className="goal-card__empty">No one has taken it on yet</span>
            )}
          </dd>
        </div>
      </dl>
      <div className="goal-card__willing" role="group" aria-label="Willing">
        {PARTNER_ROLES.map((partner) => (
          <ConsentTick
            key={partner}
            goal={goal}
            partner={partner}
            name={name(partner)}
            own={me.role === partner && canEdit}
            onChange={(willing) => setConsent(sync.doc, goal.id, partner, willing)}
          />
        ))}
      </div>
      {withdrawn.length > 0 && (
        <p className="goal-card__withdrawn" role="note">
          The wording changed, so {withdrawn.map(name).join(' and ')} {withdrawn.length > 1 ? 'are' : 'is'}{' '}
          asked again.
        </p>
      )}
      {hints.length > 0 && canEdit && (
        <p className="goal-card__hint">
          A thought on wording: {[...new Set(hints.map((hint) => `“${hint.match}”`))].join(', ')}
        </p>
      )}
      <div className="goal-card__footer">
        <span className="goal-card__meter">
          {TOTAL_PARTS - missing.length} of {TOTAL_PARTS} parts
          <meter
            min={0}
            max={TOTAL_PARTS}
            value={TOTAL_PARTS - missing.length}
            aria-label={`${TOTAL_PARTS - missing.length} of ${TOTAL_PARTS} SMART-for-Two parts in place`}
          />
        </span>
        <button
          type="button"
          className="goal-card__edit"
          onPointerDown={stopEventPropagation}
          onClick={() => canvasHooks(editor)?.open({ kind: 'goal', goalId: goal.id })}
        >
          {canEdit ? 'Edit' : 'Details'}
          <span className="visually-hidden"> {title}</span>
        </button>
      </div>
      {missing.length > 0 && (
        <p className="goal-card__missing">
          Still open: {missing.map((part) => smartPartLabels[part]).join(', ')}
        </p>
      )}
    </article>
  )
}

interface TickProps {
  goal: Goal
  partner: PartnerRole
  name: string
  own: boolean
  onChange: (willing: boolean) => void
}

/** A partner's own tick is a toggle; the other partner's shows as text, since only they can give it. */
function ConsentTick({ goal, partner, name, own, onChange }: TickProps) {
  const willing = goal.willing[partner]
  const mark = willing ? '✓' : '○'
  if (!own) {
    return (
      <span className={`tick${willing ? ' tick--on' : ''}`} data-partner={partner}>
        <span aria-hidden="true">{mark}</span> {name}
        <span className="visually-hidden">{willing ? ' said yes' : ' has not said yes yet'}</span>
      </span>
    )
  }
  return (
    <button
      type="button"
      className={`tick tick--own${willing ? ' tick--on' : ''}`}
      data-partner={partner}
      aria-pressed={willing}
      aria-label={`${name}: I agree to this goal as worded`}
      onPointerDown={stopEventPropagation}
      onClick={() => onChange(!willing)}
    >
      <span aria-hidden="true">{mark}</span> {name}
    </button>
  )
}
