import type { CoupleSummary } from '@session-board/protocol'
import { boardPath, couplePath } from '../../lib/routes.ts'
import { coupleName, formatDay, phaseLabel, sessionsLine } from './coupleWords.ts'

/** One couple on the caseload: who, where they are in the program, and their sessions at a glance. */
export function CoupleCard({ couple }: { couple: CoupleSummary }) {
  const name = coupleName(couple)
  const headingId = `couple-${couple.id}-name`
  return (
    <li className={`couple-card${couple.liveSessionId ? ' couple-card--live' : ''}`}>
      <article aria-labelledby={headingId}>
        <div className="couple-card__head">
          <h3 id={headingId} className="couple-card__name">
            <a href={couplePath(couple.id)}>{name}</a>
          </h3>
          <span className="tag">{phaseLabel(couple)}</span>
          {couple.liveSessionId && <span className="tag tag--agreed">Live now</span>}
        </div>
        <p className="couple-card__meta">
          Program started {formatDay(couple.programStart)}
          {couple.pastSessions > 0 &&
            ` · ${couple.pastSessions} ${couple.pastSessions === 1 ? 'session' : 'sessions'} so far`}
        </p>
        <p className="couple-card__meta">{sessionsLine(couple)}</p>
        {couple.liveSessionId && (
          <p className="couple-card__actions">
            <a
              className="button button--primary button--small"
              href={boardPath(couple.liveSessionId)}
              aria-label={`Open the live board: ${name}`}
            >
              Open the live board
            </a>
          </p>
        )}
      </article>
    </li>
  )
}
