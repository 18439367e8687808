import { addGoal, createBoardDoc } from '@session-board/board'
import type { BoardDoc } from '@session-board/board'
import { MESSAGE_REFUSAL, SYNC_CLOSE, connectTokenSchema, refusalSchema } from '@session-board/protocol'
import type { Refusal } from '@session-board/protocol'
import type { Page } from '@playwright/test'

function varUint(value: number): number[] {
  const bytes: number[] = []
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80)
    value = Math.floor(value / 128)
  }
  bytes.push(value)
  return bytes
}

/**
 * Goes around the UI: with the person's own connect token (their cookie, through their page), opens a
 * plain websocket to the sync server and sends a Yjs update that adds a goal, as a modified client
 * could. Resolves with the server's refusal message and the close code that followed it.
 */
export function attemptRawGoal(
  page: Page,
  baseURL: string,
  sessionId: string,
  title: string,
): Promise<{ refusal: Refusal | null; closeCode: number }> {
  return attemptRawWrite(page, baseURL, sessionId, (doc) => addGoal(doc, { title }))
}

/** The same for any change to a fresh document: `change` writes it, the first update it makes is sent. */
export async function attemptRawWrite(
  page: Page,
  baseURL: string,
  sessionId: string,
  change: (doc: BoardDoc) => void,
): Promise<{ refusal: Refusal | null; closeCode: number }> {
  const response = await page.request.post(`/api/sessions/${sessionId}/connect-token`, {
    data: { target: 'board' },
    headers: { origin: new URL(baseURL).origin },
  })
  const { token } = connectTokenSchema.parse(await response.json())

  const doc = createBoardDoc()
  let update: Uint8Array | null = null
  doc.on('update', (bytes: Uint8Array) => {
    update ??= bytes
  })
  change(doc)
  if (!update) throw new Error('The change produced no update.')
  const body: Uint8Array = update
  // messageSync (0), messageYjsUpdate (2), then the update as a length-prefixed byte array.
  const frame = new Uint8Array([0, 2, ...varUint(body.length), ...body])

  const url = `${baseURL.replace(/^http/, 'ws')}/sync/${sessionId}?token=${encodeURIComponent(token)}`
  const socket = new WebSocket(url)
  socket.binaryType = 'arraybuffer'
  return new Promise((resolve, reject) => {
    let refusal: Refusal | null = null
    const timer = setTimeout(() => reject(new Error('The server neither refused nor closed.')), 10_000)
    socket.onopen = () => socket.send(frame)
    socket.onmessage = (event) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer)
      if (bytes[0] !== MESSAGE_REFUSAL) return
      // One JSON string, prefixed with its byte length as a variable-length integer.
      let length = 0
      let at = 1
      for (let shift = 1; ; shift *= 128) {
        const byte = bytes[at++] ?? 0
        length += (byte & 0x7f) * shift
        if (byte < 0x80) break
      }
      refusal = refusalSchema.parse(JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + length))))
    }
    socket.onclose = (event) => {
      clearTimeout(timer)
      resolve({ refusal, closeCode: event.code })
    }
    socket.onerror = () => {
      if (socket.readyState !== WebSocket.CLOSED) return
      clearTimeout(timer)
      reject(new Error('The socket failed.'))
    }
  })
}

export const REFUSED_CLOSE = SYNC_CLOSE.refused.code
