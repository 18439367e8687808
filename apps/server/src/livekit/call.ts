import type { BoardDoc, PartnerRole } from '@session-board/board'
import { floorMutedListener, selectFloor, writeCallKeyIndex } from '@session-board/board'
import type { CallDetails, Role } from '@session-board/protocol'
import { roleSchema } from '@session-board/protocol'
import type { ParticipantInfo } from 'livekit-server-sdk'
import { RoomServiceClient, TrackSource, WebhookReceiver } from 'livekit-server-sdk'
import type { AuditTrail } from '../access/audit.ts'
import type { Sessions } from '../access/sessions.ts'
import type { Logger } from '../log.ts'
import { errorMessage } from '../log.ts'
import type { Sql } from '../store/sql.ts'
import type { DocumentRegistry } from '../sync/registry.ts'
import { CallKeys } from './callKeys.ts'
import { WebhookEvents } from './webhookEvents.ts'
import { CALL_TOKEN_TTL_SECONDS, mintCallToken } from './grants.ts'

/** Where LiveKit is and the key pair to talk to it; only this server holds the secret. */
export type LiveKitSettings = {
  /** The API address this server uses, e.g. http://livekit:7880. */
  apiUrl: string
  /** The websocket address browsers use, e.g. wss://board.clinic.example. */
  publicUrl: string
  apiKey: string
  apiSecret: string
  /** The ICE servers browsers use: null for LiveKit's own (its TURN); [] on loopback. */
  iceServers: { urls: string[] }[] | null
}

/** Why a call cannot be joined, as an HTTP status, a code and a sentence for the person. */
export class CallUnavailable extends Error {
  readonly status: 409 | 503
  readonly code: string
  constructor(status: 409 | 503, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/** The room of a session: its id, which carries nothing about the couple. */
export const roomOf = (sessionId: string) => sessionId

/** A room stays this long after its last person left, so a dropped connection can come back. */
const EMPTY_TIMEOUT_SECONDS = 15 * 60
const DEPARTURE_TIMEOUT_SECONDS = 2 * 60

const roleOf = (participant: ParticipantInfo): Role | null => {
  const parsed = roleSchema.safeParse(participant.attributes.role)
  return parsed.success ? parsed.data : null
}

/**
 * The session's video call on LiveKit: one room per session with room for the couple, the therapist
 * and the observers; tokens whose grants follow the role; the end-to-end key; the floor's muting of
 * the listener; and the webhooks that put joins and leaves in the audit trail.
 */
export class CallService {
  #settings: LiveKitSettings | null = null
  #unavailable: string
  #rooms: RoomServiceClient | null = null
  #webhooks: WebhookReceiver | null = null
  readonly #keys: CallKeys
  readonly #handled: WebhookEvents
  readonly #maxParticipants: number
  readonly #deps: {
    sessions: Sessions
    audit: AuditTrail
    registry: DocumentRegistry
    log: Logger
    now: () => number
  }
  /** Microphone tracks the floor muted, per session and person: only these are unmuted again. */
  readonly #mutedByFloor = new Map<string, Map<string, Set<string>>>()
  /** One floor reconciliation at a time per session, in order. */
  readonly #floorQueue = new Map<string, Promise<void>>()

  constructor(options: {
    sql: Sql
    sessions: Sessions
    audit: AuditTrail
    registry: DocumentRegistry
    log: Logger
    now: () => number
    maxObservers: number
  }) {
    const { sql, maxObservers, ...deps } = options
    this.#deps = deps
    this.#keys = new CallKeys(sql)
    this.#handled = new WebhookEvents(sql, deps.now)
    this.#maxParticipants = 3 + maxObservers
    this.#unavailable = 'LiveKit is not configured'
  }

  /** Connects the service to a LiveKit server, or records why there is none. */
  configure(settings: LiveKitSettings | { unavailable: string }): void {
    if ('unavailable' in settings) {
      this.#settings = null
      this.#rooms = null
      this.#webhooks = null
      this.#unavailable = settings.unavailable
      return
    }
    this.#settings = settings
    this.#rooms = new RoomServiceClient(settings.apiUrl, settings.apiKey, settings.apiSecret)
    this.#webhooks = new WebhookReceiver(settings.apiKey, settings.apiSecret)
  }

  /** Where LiveKit is and its key pair, or null without video: for the operator's tools, never for a client. */
  get settings(): LiveKitSettings | null {
    return this.#settings
  }

  get available(): boolean {
    return this.#settings !== null
  }

  /** Why there is no video, when there is none. */
  get unavailableReason(): string | null {
    return this.#settings ? null : this.#unavailable
  }

  get maxParticipants(): number {
    return this.#maxParticipants
  }

  /** The therapist opened the session: its room exists from now on (creating it again changes nothing). */
  async openRoom(sessionId: string): Promise<void> {
    const rooms = this.#requireRooms()
    await this.#reach(() =>
      rooms.createRoom({
        name: roomOf(sessionId),
        emptyTimeout: EMPTY_TIMEOUT_SECONDS,
        departureTimeout: DEPARTURE_TIMEOUT_SECONDS,
        maxParticipants: this.#maxParticipants,
      }),
    )
  }

  /** What this person needs to join: a token for their role and the session's current key. */
  async details(sessionId: string, person: { role: Role; personId: string }): Promise<CallDetails> {
    const settings = this.#settings
    const rooms = this.#requireRooms()
    if (!settings) throw this.#notConfigured()
    if (!(await this.#deps.sessions.isLive(sessionId)))
      throw new CallUnavailable(409, 'session_ended', 'This session is not running, so its call is closed.')
    const room = roomOf(sessionId)
    if (person.role === 'therapist') await this.openRoom(sessionId)
    else {
      const open = await this.#reach(() => rooms.listRooms([room]))
      if (open.length === 0)
        throw new CallUnavailable(
          409,
          'call_not_open',
          'The call opens when your therapist opens the session.',
        )
    }
    const token = await mintCallToken({
      apiKey: settings.apiKey,
      apiSecret: settings.apiSecret,
      room,
      identity: person.personId,
      role: person.role,
    })
    return {
      url: settings.publicUrl,
      token,
      expiresAt: this.#deps.now() + CALL_TOKEN_TTL_SECONDS * 1_000,
      room,
      identity: person.personId,
      role: person.role,
      iceServers: settings.iceServers,
      e2ee: await this.#keys.current(sessionId),
    }
  }

  /**
   * People were shut out of the session (their link was withdrawn): they leave the call, and the call
   * gets a new key, which everyone still in it fetches when the board tells them its new index.
   */
  async removePeople(sessionId: string, personIds: readonly string[]): Promise<void> {
    if (personIds.length === 0) return
    const { keyIndex } = await this.#keys.rotate(sessionId)
    await this.#deps.registry.write(await this.#boardOf(sessionId), (doc: BoardDoc) =>
      writeCallKeyIndex(doc, keyIndex),
    )
    this.#deps.audit.record({ action: 'call_key_rotated', sessionId, detail: String(keyIndex) })
    const rooms = this.#rooms
    if (!rooms) return
    for (const personId of personIds) {
      await rooms.removeParticipant(roomOf(sessionId), personId).catch(() => {
        // Not in the call (or no room): nothing to remove.
      })
    }
  }

  /** The document a session's board shows: its couple's. */
  async #boardOf(sessionId: string): Promise<string> {
    return (await this.#deps.sessions.byId(sessionId))?.coupleId ?? sessionId
  }

  /** The session ended: everyone leaves the call and the room is closed. */
  async endCall(sessionId: string): Promise<void> {
    const rooms = this.#rooms
    if (!rooms) return
    const room = roomOf(sessionId)
    const open = await rooms.listRooms([room]).catch(() => [])
    if (open.length === 0) return
    const participants = await rooms.listParticipants(room).catch(() => [])
    for (const participant of participants) {
      await rooms.removeParticipant(room, participant.identity).catch(() => undefined)
    }
    await rooms.deleteRoom(room).catch(() => undefined)
    this.#mutedByFloor.delete(sessionId)
    this.#deps.audit.record({ action: 'call_ended', sessionId, detail: String(participants.length) })
  }

  /**
   * The floor changed (or someone published a microphone): with the therapist's setting on, the
   * listener's microphone is muted while the other partner holds the floor, and what the floor muted is
   * unmuted once it passes. Runs one at a time per session; failures are logged, never thrown.
   */
  floorChanged(sessionId: string): Promise<void> {
    const previous = this.#floorQueue.get(sessionId) ?? Promise.resolve()
    const next = previous
      .then(() => this.#reconcileFloor(sessionId))
      .catch((error: unknown) =>
        this.#deps.log.warn('call.floor_mute_failed', { sessionId, error: errorMessage(error) }),
      )
    this.#floorQueue.set(sessionId, next)
    void next.finally(() => {
      if (this.#floorQueue.get(sessionId) === next) this.#floorQueue.delete(sessionId)
    })
    return next
  }

  async #reconcileFloor(sessionId: string): Promise<void> {
    const rooms = this.#rooms
    if (!rooms) return
    let listener: PartnerRole | null = null
    await this.#deps.registry.write(await this.#boardOf(sessionId), (doc: BoardDoc) => {
      listener = floorMutedListener(selectFloor(doc))
    })
    const room = roomOf(sessionId)
    const open = await rooms.listRooms([room])
    if (open.length === 0) return
    const muted = this.#mutedByFloor.get(sessionId) ?? new Map<string, Set<string>>()
    this.#mutedByFloor.set(sessionId, muted)
    for (const participant of await rooms.listParticipants(room)) {
      const microphones = participant.tracks.filter((track) => track.source === TrackSource.MICROPHONE)
      const mine = muted.get(participant.identity) ?? new Set<string>()
      if (roleOf(participant) === listener) {
        for (const track of microphones) {
          if (track.muted) continue
          await rooms.mutePublishedTrack(room, participant.identity, track.sid, true)
          mine.add(track.sid)
        }
        muted.set(participant.identity, mine)
      } else if (mine.size > 0) {
        for (const track of microphones) {
          if (mine.has(track.sid) && track.muted)
            await rooms.mutePublishedTrack(room, participant.identity, track.sid, false)
        }
        muted.delete(participant.identity)
      }
    }
  }

  /**
   * A webhook from LiveKit, checked against its signature (a bad one throws). The room opening, joins and
   * leaves go into the audit trail by id and role only; a newly published microphone is held to the
   * floor's rule. An event LiveKit sends again (to this instance or another) is handled once.
   */
  async receiveWebhook(body: string, authorization: string | undefined): Promise<void> {
    const receiver = this.#webhooks
    if (!receiver) throw this.#notConfigured()
    const event = await receiver.receive(body, authorization)
    if (event.id && !(await this.#handled.claim(event.id))) return
    const sessionId = event.room?.name
    if (!sessionId || !(await this.#deps.sessions.byId(sessionId))) return
    const participant = event.participant
    switch (event.event) {
      case 'room_started':
        this.#deps.audit.record({ action: 'call_opened', sessionId })
        return
      case 'participant_joined':
      case 'participant_left':
        if (!participant) return
        this.#deps.audit.record({
          action: event.event === 'participant_joined' ? 'call_joined' : 'call_left',
          sessionId,
          actorRole: roleOf(participant),
          actorId: participant.identity,
        })
        return
      case 'track_published':
        if (event.track?.source === TrackSource.MICROPHONE) await this.floorChanged(sessionId)
        return
      default:
        return
    }
  }

  #requireRooms(): RoomServiceClient {
    if (!this.#rooms) throw this.#notConfigured()
    return this.#rooms
  }

  #notConfigured(): CallUnavailable {
    return new CallUnavailable(
      503,
      'video_not_configured',
      `Video is not available on this server: ${this.#unavailable}. The board keeps working without it.`,
    )
  }

  /** A call to LiveKit; a network failure becomes a clear "cannot be reached". */
  async #reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      this.#deps.log.warn('call.livekit_unreachable', { error: errorMessage(error) })
      throw new CallUnavailable(
        503,
        'video_unreachable',
        'The video server cannot be reached just now. The board keeps working; try the call again shortly.',
      )
    }
  }
}
