// The attacked session's honest therapist: an unmodified y-websocket client that publishes presence at
// once (as the web app does), sets the scene (a goal with a step and an if-then plan, a card, a running
// huddle) and stays connected through the attack. Used by the benchmark's fuzz part.
import { addCard, addGoal, addPlan, addStep, startHuddle } from '@session-board/board'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export interface TargetTherapist {
  doc: Y.Doc
  provider: WebsocketProvider
  /** 44xx closes and refusal messages (type 4) the therapist got: must stay 0. */
  refusals: () => number
  /** Times the therapist's socket dropped before they left. */
  disconnects: () => number
  leave(): void
}

const until = async (check: () => boolean, what: string, timeoutMs: number): Promise<void> => {
  const deadline = performance.now() + timeoutMs
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export async function seatTherapist(
  wsBase: string,
  sessionId: string,
  token: string,
): Promise<TargetTherapist> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsBase, sessionId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  })
  provider.awareness.setLocalStateField('user', { name: 'Dr. Bench', role: 'therapist', color: '#3366cc' })
  let refusals = 0
  let disconnects = 0
  provider.on('status', ({ status }) => {
    if (status === 'disconnected') disconnects++
  })
  provider.on('connection-close', (event) => {
    if (event && event.code >= 4400 && event.code < 4500) refusals++
  })
  // The server's refusal message; unhandled, y-websocket would only log 'Unable to compute message'.
  provider.messageHandlers[4] = () => refusals++
  await until(() => provider.synced, 'the attacked session to sync', 30_000)
  const goalId = addGoal(doc, { title: 'Walk together after dinner' })
  const records: Array<[string, string]> = [
    ['goals', goalId],
    ['cards', addCard(doc, { text: 'Sunday walks', column: 'keep' })],
    ['steps', addStep(doc, goalId, 'Walk once this week')],
    ['plans', addPlan(doc, { condition: 'If it rains', action: 'we walk indoors', goalId })],
  ]
  startHuddle(doc)
  // The server stamps a record once it stored it.
  await until(
    () => records.every(([root, id]) => doc.getMap<Y.Map<unknown>>(root).get(id)?.has('createdBy')),
    'the scene to be stored',
    30_000,
  )
  return {
    doc,
    provider,
    refusals: () => refusals,
    disconnects: () => disconnects,
    leave: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}
