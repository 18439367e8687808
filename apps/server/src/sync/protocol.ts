import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MESSAGE_REFUSAL } from '@session-board/protocol'
import type { Refusal } from '@session-board/protocol'
import type { PresenceFrame } from './presence.ts'
import { decodePresenceFrame } from './presence.ts'
import { decodedUpdate } from './decodedUpdate.ts'

/** Top-level message types, as framed by the y-websocket client (src/y-websocket.js). */
export const messageSync = 0
export const messageAwareness = 1
export const messageAuth = 2
export const messageQueryAwareness = 3
/** Server → client only: why an update was refused (MESSAGE_REFUSAL in @session-board/protocol). */
export const messageRefusal = MESSAGE_REFUSAL

/** What a client frame means once decoded; decoding never touches the document. */
export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | {
      kind: 'update'
      update: Uint8Array
      empty: boolean
      /** The client's answer to the server's sync step 1 (everything it has that the server lacked). */
      step2: boolean
    }
  | { kind: 'awareness'; presence: PresenceFrame }
  | { kind: 'queryAwareness' }

/**
 * Decodes one client frame completely, or throws. The update inside a sync message is parsed in full
 * (Y.decodeUpdate) so that a malformed update is refused before anything is persisted or applied, and a
 * frame with bytes left over is refused too: the client never sends trailing data.
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame)
  const message = readMessage(decoder)
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the message')
  return message
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case messageSync: {
      const syncType = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (syncType === syncProtocol.messageYjsSyncStep1) {
        Y.decodeStateVector(payload)
        return { kind: 'syncStep1', stateVector: payload }
      }
      if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
        // A copy, so the stored and queued bytes do not pin the socket's read buffer; decoded once here
        // for every check that reads it after.
        const update = payload.slice()
        const { structs, ds } = decodedUpdate(update)
        // An up-to-date client's step 2 carries nothing; it need not be stored.
        return {
          kind: 'update',
          update,
          empty: structs.length === 0 && ds.clients.size === 0,
          step2: syncType === syncProtocol.messageYjsSyncStep2,
        }
      }
      throw new Error(`unknown sync message type ${syncType}`)
    }
    case messageAwareness:
      // Read in full here, so a bad awareness frame throws before use; one too large is left unread.
      return { kind: 'awareness', presence: decodePresenceFrame(decoding.readVarUint8Array(decoder)) }
    case messageQueryAwareness:
      return { kind: 'queryAwareness' }
    default:
      // messageAuth only ever flows from server to client, so from a client it is as unknown as 42.
      throw new Error(`unknown message type ${type}`)
  }
}

/** A sync update ready for the wire (the server's relay of an accepted update). */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageSync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
  return encoding.toUint8Array(encoder)
}

export function encodeAwarenessMessage(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageAwareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

export function encodeRefusal(refusal: Refusal): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, messageRefusal)
  encoding.writeVarString(encoder, JSON.stringify(refusal))
  return encoding.toUint8Array(encoder)
}
