import type { FlagRecord } from '@session-board/protocol'
import type { Bus } from './bus.ts'

/** What a therapist's open pages hear about their couples, as it happens. */
export type AlertEvent =
  | { kind: 'flag'; coupleId: string; flag: FlagRecord }
  | { kind: 'acknowledged'; coupleId: string; flagId: string }
  /** One login of the therapist ended (sign-out, idle log-off): its open streams close now. */
  | { kind: 'loginEnded'; loginId: string }

export type AlertListener = (event: AlertEvent) => void

/** Live alerts, addressed to one therapist, wherever the therapist's pages are open. */
export interface AlertPublisher {
  publish(therapistId: string, event: AlertEvent): void
  /** Returns the call that stops listening. */
  subscribe(therapistId: string, listener: AlertListener): () => void
}

/**
 * Alerts to the pages open on this instance, and through the bus to those open on the others: a
 * therapist's caseload may be served by one instance and a partner's entry stored by another.
 */
export class BusAlerts implements AlertPublisher {
  #listeners = new Map<string, Set<AlertListener>>()
  #bus: Bus

  constructor(bus: Bus) {
    this.#bus = bus
    bus.subscribe((message) => {
      if (message.kind === 'alert') this.#deliver(message.therapistId, message.event)
    })
  }

  publish(therapistId: string, event: AlertEvent): void {
    this.#deliver(therapistId, event)
    this.#bus.publish({ kind: 'alert', therapistId, event })
  }

  #deliver(therapistId: string, event: AlertEvent): void {
    for (const listener of this.#listeners.get(therapistId) ?? []) listener(event)
  }

  subscribe(therapistId: string, listener: AlertListener): () => void {
    const listeners = this.#listeners.get(therapistId) ?? new Set<AlertListener>()
    listeners.add(listener)
    this.#listeners.set(therapistId, listeners)
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) this.#listeners.delete(therapistId)
    }
  }
}
