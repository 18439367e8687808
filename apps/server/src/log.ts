/**
 * A tiny structured logger: one JSON object per line. Sessions are private therapy conversations, so
 * callers pass only ids, sizes and codes as fields, never document content or people's names. The
 * field type below allows no nested objects, which keeps accidental dumps of payloads out.
 */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

export type LogFields = Record<string, string | number | boolean | undefined>

export type Logger = {
  debug: (event: string, fields?: LogFields) => void
  info: (event: string, fields?: LogFields) => void
  warn: (event: string, fields?: LogFields) => void
  error: (event: string, fields?: LogFields) => void
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export function createLogger(level: LogLevel = 'info'): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, event: string, fields: LogFields = {}): void => {
    if (rank[at] < rank[level]) return
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, event, ...fields })
    // Warnings and errors go to stderr so an operator can separate them without parsing.
    if (rank[at] >= rank.warn) process.stderr.write(line + '\n')
    else process.stdout.write(line + '\n')
  }
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
  }
}

/**
 * The message of an unknown thrown value, for logs: only for errors of our own code, the store and the
 * services we call. An error that may come from what a client sent goes through `errorKind` instead.
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * What kind of error this was, without what it said: its class name and, for Node's and ws's errors,
 * their fixed code (`RangeError[WS_ERR_INVALID_UTF8]`). For errors that may come from a client's input,
 * whose messages can quote it: JSON.parse's SyntaxError shows the text's first characters, a zod error
 * its keys and paths. The caller's log event says where it happened.
 */
export function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return error === null ? 'null' : typeof error
  const name = /^[A-Za-z]\w{0,39}$/.test(error.name) ? error.name : 'Error'
  const code: unknown = (error as { code?: unknown }).code
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,59}$/.test(code) ? `${name}[${code}]` : name
}
