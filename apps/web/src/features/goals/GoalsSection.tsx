import { useState } from 'react'
import type { FormEvent } from 'react'
import { addGoalWithCard } from '@session-board/canvas'
import { useBoard, useSession } from '../session/SessionContext.tsx'
import { GoalItem } from './GoalItem.tsx'
import './goals.css'

export function GoalsSection() {
  const { sync, canEdit } = useSession()
  const { goals } = useBoard()
  const [draft, setDraft] = useState('')
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set())

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const title = draft.trim()
    if (!title) return
    // The goal's card on the canvas comes with it, in the same step.
    const id = addGoalWithCard(sync.doc, { title })
    setDraft('')
    setOpen((current) => new Set(current).add(id))
  }

  return (
    <section className="panel goals" aria-labelledby="goals-heading">
      <div className="panel__head">
        <h2 id="goals-heading">Joint goals</h2>
        <p className="panel__intro">
          Each goal is written SMART-for-Two. It counts as agreed once both partners have said yes to its
          current wording; any change to the wording asks both of them again.
        </p>
      </div>
      {canEdit && (
        <form className="add-row" onSubmit={submit}>
          <label htmlFor="new-goal-title" className="add-row__label">
            New goal
          </label>
          <input
            id="new-goal-title"
            value={draft}
            maxLength={200}
            placeholder="For example: a ten-minute walk together after dinner"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={!draft.trim()}>
            Add goal
          </button>
        </form>
      )}
      {goals.length === 0 ? (
        <p className="empty">
          {canEdit
            ? 'No goals yet. Add a first one above: small and concrete is a good start.'
            : 'No goals yet. They appear here as soon as someone adds one.'}
        </p>
      ) : (
        <ol className="goal-list">
          {goals.map((goal) => (
            <GoalItem
              key={goal.id}
              goal={goal}
              expanded={open.has(goal.id)}
              onToggle={() => toggle(goal.id)}
            />
          ))}
        </ol>
      )}
    </section>
  )
}
