import { refusalSchema } from '@session-board/protocol'
import type { Refusal } from '@session-board/protocol'

/** The part of lib0's decoder that y-websocket hands to a message handler. */
export interface MessageDecoder {
  arr: Uint8Array
  pos: number
}

function readVarUint(decoder: MessageDecoder): number {
  let value = 0
  let multiplier = 1
  while (decoder.pos < decoder.arr.length) {
    const byte = decoder.arr[decoder.pos++] ?? 0
    value += (byte & 0x7f) * multiplier
    if (byte < 0x80) return value
    multiplier *= 128
  }
  throw new Error('The refusal message ended early.')
}

const fallback: Refusal = {
  code: 'refused',
  message: 'A change was refused by the server; the board is reloading.',
}

/**
 * Reads the server's refusal (MESSAGE_REFUSAL): one length-prefixed UTF-8 JSON string, as lib0's
 * writeVarString frames it. Anything unreadable still counts as a refusal, in neutral words.
 */
export function readRefusal(decoder: MessageDecoder): Refusal {
  try {
    const length = readVarUint(decoder)
    const bytes = decoder.arr.subarray(decoder.pos, decoder.pos + length)
    decoder.pos += length
    const parsed = refusalSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)))
    return parsed.success ? parsed.data : fallback
  } catch {
    return fallback
  }
}
