import type { Metric } from '@session-board/board'
import { partnerSelfSchema } from '@session-board/protocol'
import type { PartnerSelf } from '@session-board/protocol'
import { OUTLINE_KEY } from './quickHide.ts'

/** Who this phone is signed in as and the plan's metrics, as last seen online: enough to log offline. */
export interface Outline {
  self: PartnerSelf
  metrics: Metric[]
}

export function rememberOutline(outline: Outline): void {
  localStorage.setItem(OUTLINE_KEY, JSON.stringify(outline))
}

export function lastOutline(): Outline | null {
  try {
    const stored = JSON.parse(localStorage.getItem(OUTLINE_KEY) ?? 'null') as Outline | null
    if (!stored || !Array.isArray(stored.metrics)) return null
    return { self: partnerSelfSchema.parse(stored.self), metrics: stored.metrics }
  } catch {
    return null
  }
}
