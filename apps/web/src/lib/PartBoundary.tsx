import type { ReactNode } from 'react'
import { ErrorBoundary } from 'react-error-boundary'
import { reportPartFailure } from './renderFailure.ts'
import './partBoundary.css'

interface Props {
  /** The part as a person names it, lower case: 'the goal canvas'. Also names it in the log line. */
  part: string
  /** The part's own layout class (e.g. 'call'), so the message takes the part's place on the page. */
  className?: string
  /** Called before "Try again" renders the part anew, e.g. to load a failed chunk again. */
  onReset?: () => void
  children: ReactNode
}

/**
 * One part of the board that fails while rendering (a record it cannot read, a file that did not
 * load) is replaced by a short message; every other part keeps working. "Try again" renders it anew.
 */
export function PartBoundary({ part, className, onReset, children }: Props) {
  const sentencePart = part.charAt(0).toUpperCase() + part.slice(1)
  return (
    <ErrorBoundary
      onError={(error) => reportPartFailure(part, error)}
      onReset={() => onReset?.()}
      fallbackRender={({ resetErrorBoundary }) => (
        <div className={['panel', 'part-failure', className].filter(Boolean).join(' ')} role="alert">
          <p>
            <strong>{sentencePart} could not be shown.</strong> The rest of the board works; reloading the
            page may help.
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => resetErrorBoundary()}
          >
            Try again<span className="visually-hidden"> to show {part}</span>
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  )
}
