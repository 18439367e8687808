import { ErrorBoundary } from 'react-error-boundary'

/**
 * The kind of a thrown value (TypeError, RangeError…), never its message: a message may quote what
 * people wrote on the board. An unusual name is reported as plain 'Error'.
 */
export function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return typeof error
  return /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : 'Error'
}

/** The one log line for a part of the board that failed to render and was replaced by a message. */
export function reportPartFailure(part: string, error: unknown): void {
  console.error(
    `Board part "${part}" could not be shown (${errorKind(error)}); the rest of the board goes on.`,
  )
}

/**
 * createRoot's onCaughtError. React's default logs the whole error, message included; a board part's
 * boundary (react-error-boundary) reports its own content-free line, any other boundary gets this one.
 */
export function reportCaughtError(error: unknown, info: { errorBoundary?: unknown }): void {
  if (info.errorBoundary instanceof ErrorBoundary) return
  console.error(`Part of the page could not be shown (${errorKind(error)}).`)
}
