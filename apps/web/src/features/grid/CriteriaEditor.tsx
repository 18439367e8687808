import { setCriteria } from '@session-board/board'
import type { GridState } from '@session-board/board'
import { api, describeFailure } from '../../lib/api.ts'
import { useSession } from '../session/SessionContext.tsx'

/** The therapist's side of the grid: naming its criteria, and showing or hiding both partners' scores. */
export function CriteriaEditor({
  grid,
  proposalCount,
  onMessage,
}: {
  grid: GridState
  proposalCount: number
  onMessage: (message: string) => void
}) {
  const { sync, sessionId } = useSession()
  const { criteria } = grid

  // The server copies both private score documents into the board at the same moment.
  const reveal = async (show: boolean) => {
    try {
      await api(
        'POST',
        `/api/sessions/${encodeURIComponent(sessionId)}/grid/${show ? 'reveal' : 'hide'}`,
        null,
        { therapistCall: true },
      )
      onMessage(show ? 'Both partners’ scores are shown.' : 'The scores are private again.')
    } catch (error) {
      onMessage(describeFailure(error))
    }
  }

  return (
    <div className="grid__therapist" role="group" aria-label="Grid criteria and reveal">
      {criteria.map((criterion, index) => (
        <label key={criterion.id} className="grid__criterion">
          <span className="visually-hidden">Criterion {index + 1}</span>
          <input
            value={criterion.label}
            maxLength={40}
            onChange={(event) =>
              setCriteria(
                sync.doc,
                criteria.map((c, at) => (at === index ? { ...c, label: event.target.value } : c)),
              )
            }
          />
        </label>
      ))}
      <button
        type="button"
        className="button button--quiet button--small"
        onClick={() =>
          setCriteria(sync.doc, [
            ...criteria,
            { id: `c${criteria.length + 1}_${proposalCount}`, label: 'Another criterion' },
          ])
        }
      >
        Add a criterion
      </button>
      {grid.revealed ? (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void reveal(false)}
        >
          Hide the scores
        </button>
      ) : (
        <button
          type="button"
          className="button button--primary button--small"
          onClick={() => void reveal(true)}
        >
          Reveal both partners’ scores
        </button>
      )}
    </div>
  )
}
