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

/** The message of an unknown thrown value, for logs. Yjs and lib0 errors carry no document content. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
