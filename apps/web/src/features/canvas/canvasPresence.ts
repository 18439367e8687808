import { InstancePresenceRecordType } from '@tldraw/tldraw'
import type { Editor, TLInstancePresence } from '@tldraw/tldraw'
import { canvasPresenceSchema, presenceSchema, roleLabels } from '@session-board/protocol'
import type { CanvasPresence } from '@session-board/protocol'
import type { Awareness } from 'y-protocols/awareness'

/** How often this person's pointer is published, at most: enough to follow, light on the socket. */
const PUBLISH_EVERY_MS = 50

/**
 * Shows everyone else's pointer, name and selection on the canvas (tldraw's collaborator cursors, fed
 * from awareness as remote presence records) and publishes this person's own under the `canvas` key.
 */
export function connectCanvasPresence(editor: Editor, awareness: Awareness): () => void {
  const self = awareness.clientID
  let timer: ReturnType<typeof setTimeout> | null = null
  let last = ''
  // Only a pointer that is over the canvas is shown to the others; a camera move alone shows none.
  let pointerInside = false
  const publish = () => {
    timer = null
    const point = editor.inputs.currentPagePoint
    const state: CanvasPresence = {
      cursor: pointerInside ? { x: Math.round(point.x), y: Math.round(point.y) } : null,
      selected: editor.getSelectedShapeIds().slice(0, 100),
    }
    const text = JSON.stringify(state)
    if (text === last) return
    last = text
    awareness.setLocalStateField('canvas', state)
  }
  const schedule = () => {
    timer ??= setTimeout(publish, PUBLISH_EVERY_MS)
  }
  const stopLocal = editor.store.listen(schedule, { scope: 'session', source: 'user' })
  const container = editor.getContainer()
  const onPointerMove = () => {
    pointerInside = true
  }
  const onPointerLeave = () => {
    pointerInside = false
    schedule()
  }
  container.addEventListener('pointermove', onPointerMove)
  container.addEventListener('pointerleave', onPointerLeave)

  const lastActive = new Map<number, number>()
  const show = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const now = Date.now()
    for (const id of [...added, ...updated]) lastActive.set(id, now)
    for (const id of removed) lastActive.delete(id)
    const records: TLInstancePresence[] = []
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === self) return
      const user = presenceSchema.safeParse((state as { user?: unknown }).user)
      const canvas = canvasPresenceSchema.safeParse((state as { canvas?: unknown }).canvas)
      if (!user.success || !canvas.success || !canvas.data.cursor) return
      records.push(
        InstancePresenceRecordType.create({
          id: InstancePresenceRecordType.createId(String(clientId)),
          currentPageId: editor.getCurrentPageId(),
          userId: String(clientId),
          userName: `${user.data.name} (${roleLabels[user.data.role]})`,
          color: user.data.color,
          cursor: {
            x: canvas.data.cursor?.x ?? 0,
            y: canvas.data.cursor?.y ?? 0,
            type: 'default',
            rotation: 0,
          },
          selectedShapeIds: canvas.data.selected as TLInstancePresence['selectedShapeIds'],
          lastActivityTimestamp: lastActive.get(clientId) ?? now,
        }),
      )
    })
    const keep = new Set(records.map((record) => record.id))
    const stale = editor.store.query
      .records('instance_presence')
      .get()
      .filter((record) => !keep.has(record.id))
      .map((record) => record.id)
    editor.store.mergeRemoteChanges(() => {
      if (stale.length > 0) editor.store.remove(stale)
      if (records.length > 0) editor.store.put(records)
    })
  }
  const onChange = (change: { added: number[]; updated: number[]; removed: number[] }) => show(change)
  awareness.on('change', onChange)
  show({ added: [], updated: [], removed: [] })

  return () => {
    stopLocal()
    container.removeEventListener('pointermove', onPointerMove)
    container.removeEventListener('pointerleave', onPointerLeave)
    awareness.off('change', onChange)
    if (timer) clearTimeout(timer)
    awareness.setLocalStateField('canvas', null)
  }
}
