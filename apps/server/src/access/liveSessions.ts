import type { Bus } from './bus.ts'
import type { Sessions } from './sessions.ts'

/**
 * Which sessions are live, as the write rules read it on every edit: from memory, never from the
 * store. The door refreshes a session's entry each time someone connects to it, and starting, ending
 * or reopening a session sets it, here and (through the bus) on every other instance, so an edit
 * costs no query.
 */
export class LiveSessions {
  #sessions: Sessions
  #bus: Bus
  #live = new Map<string, boolean>()

  constructor(sessions: Sessions, bus: Bus) {
    this.#sessions = sessions
    this.#bus = bus
    bus.subscribe((event) => {
      if (event.kind === 'sessionChanged') this.#live.set(event.sessionId, event.live)
    })
  }

  /** Whether partners are in a running meeting through this session's board (false if unknown). */
  isLive(sessionId: string): boolean {
    return this.#live.get(sessionId) ?? false
  }

  /** Reads the session's state from the store; a couple's id (the plan between sessions) is never live. */
  async refresh(sessionId: string): Promise<void> {
    this.#live.set(sessionId, await this.#sessions.isLive(sessionId))
  }

  /** A session started, ended or reopened here. */
  set(sessionId: string, live: boolean): void {
    this.#live.set(sessionId, live)
    this.#bus.publish({ kind: 'sessionChanged', sessionId, live })
  }
}
