const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const withSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' })

/** A moment as people read it, in their own locale and time zone. */
export function formatWhen(ms: number): string {
  return dateTime.format(new Date(ms))
}

/** A moment to the second, for the audit trail. */
export function formatExact(ms: number): string {
  return withSeconds.format(new Date(ms))
}
