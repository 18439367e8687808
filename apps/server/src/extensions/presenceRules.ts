import { SYNC_CLOSE, canvasPresenceSchema, presenceSchema, roleLabels } from '@session-board/protocol'
import type { Presence } from '@session-board/protocol'
import { z } from 'zod'
import type { Identity, PresenceAuthorization, SyncExtension } from '../sync/extension.ts'

const INVALID = 'That presence update was not valid, so it was refused.'

/**
 * What a person may publish in presence (see presenceSchema and canvasPresenceSchema). Unknown keys, at
 * the top or inside, are dropped rather than refused: they reach nobody either way, and an honest client
 * that adds one keeps its board. `canvas` is null once the canvas closes. The name and role sent are
 * ignored: the server sets them from who is connected.
 */
const ownStateSchema = z.object({
  user: presenceSchema.pick({ color: true }).optional(),
  canvas: canvasPresenceSchema.nullable().optional(),
})

/** The longest name presence carries: a therapist's (a partner's is at most 60). */
const NAME_MAX = 80

/** The connection's own name as presence carries it, or its role where it has none. */
function presenceName(identity: Extract<Identity, { kind: 'person' }>): string {
  let name = ''
  // Whole characters only, within the schema's limit (counted in UTF-16 units, as zod counts).
  for (const character of identity.displayName.trim()) {
    if (name.length + character.length > NAME_MAX) break
    name += character
  }
  name = name.trim()
  return name.length > 0 ? name : roleLabels[identity.role]
}

/**
 * The production presence rules: everyone appears under their own name and role, whatever their client
 * sends. Refusals reach the audit trail through its own extension, without content.
 */
export function presenceRules(): SyncExtension {
  return {
    name: 'presenceRules',
    checkPresence({ identity }, entries): PresenceAuthorization {
      // The open rooms' anonymous peers (sync core tests, bench) have no name on record: kept as sent.
      if (identity.kind !== 'person') return { ok: true, entries: [...entries] }
      const rewritten = []
      for (const entry of entries) {
        if (entry.state === null) {
          rewritten.push(entry)
          continue
        }
        const parsed = ownStateSchema.safeParse(entry.state)
        if (!parsed.success) {
          const where = parsed.error.issues[0]?.path.join('.') ?? ''
          return {
            ok: false,
            code: SYNC_CLOSE.refused.code,
            reason: INVALID,
            rule: 'presence_invalid',
            detail: `presence_invalid:${where}`,
          }
        }
        const { user, canvas } = parsed.data
        const state: Record<string, unknown> = {}
        if (user) {
          const own: Presence = { name: presenceName(identity), role: identity.role, color: user.color }
          state.user = own
        }
        if (canvas !== undefined) state.canvas = canvas
        rewritten.push({ ...entry, state })
      }
      return { ok: true, entries: rewritten }
    },
  }
}
