import { useCallback, useRef, useState } from 'react'
import {
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  closestCorners,
  getFirstCollision,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
} from '@dnd-kit/core'
import type { CollisionDetection, DragEndEvent, DragOverEvent, DragStartEvent } from '@dnd-kit/core'
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable'
import { COLUMNS, moveCard } from '@session-board/board'
import type { BoardDoc, Card, Column } from '@session-board/board'
import { columnOfDropId, findColumn } from './columnIds.ts'
import type { ColumnItems } from './columnIds.ts'

function idsOf(columns: Record<Column, Card[]>): ColumnItems {
  return {
    keep: columns.keep.map((c) => c.id),
    stop: columns.stop.map((c) => c.id),
    start: columns.start.map((c) => c.id),
  }
}

/**
 * Multi-column drag and drop. While a card is held, its column and order live in local state (so the
 * other cards make room); the document is written once, on drop, with moveCard.
 */
export function useCardDrag(doc: BoardDoc, columns: Record<Column, Card[]>) {
  const [dragItems, setDragItems] = useState<ColumnItems | null>(null)
  const [activeId, setActiveId] = useState<string | null>(null)
  // Announcements and collision detection read the order synchronously, before React re-renders.
  // They only run while a card is held, and a drag always starts by filling this ref.
  const itemsRef = useRef<ColumnItems>({ keep: [], stop: [], start: [] })
  const items = dragItems ?? idsOf(columns)

  const update = (next: ColumnItems) => {
    itemsRef.current = next
    setDragItems(next)
  }

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 180, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  )

  const collisionDetection: CollisionDetection = useCallback((args) => {
    const pointerHits = pointerWithin(args)
    const hits = pointerHits.length > 0 ? pointerHits : rectIntersection(args)
    let overId = getFirstCollision(hits, 'id')
    if (overId == null) return closestCorners(args)
    const column = columnOfDropId(String(overId))
    const inColumn = column ? itemsRef.current[column] : []
    if (column && inColumn.length > 0) {
      // Over a column's empty space: aim at its nearest card instead, so the drop lands in order.
      const nearest = closestCenter({
        ...args,
        droppableContainers: args.droppableContainers.filter((c) => inColumn.includes(String(c.id))),
      })
      overId = nearest[0]?.id ?? overId
    }
    return [{ id: overId }]
  }, [])

  const onDragStart = ({ active }: DragStartEvent) => {
    setActiveId(String(active.id))
    update(idsOf(columns))
  }

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return
    const current = itemsRef.current
    const id = String(active.id)
    const from = findColumn(current, id)
    const to = findColumn(current, String(over.id))
    if (!from || !to || from === to) return
    const target = current[to]
    const overIndex = target.indexOf(String(over.id))
    let index = target.length
    if (overIndex >= 0) {
      const activeTop = active.rect.current.translated?.top ?? 0
      const below = activeTop > over.rect.top + over.rect.height / 2
      index = overIndex + (below ? 1 : 0)
    }
    update({
      ...current,
      [from]: current[from].filter((item) => item !== id),
      [to]: [...target.slice(0, index), id, ...target.slice(index)],
    })
  }

  const finish = () => {
    setActiveId(null)
    setDragItems(null)
  }

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id)
    let current = itemsRef.current
    const column = findColumn(current, id)
    if (!over || !column) return finish()
    const overColumn = findColumn(current, String(over.id))
    if (overColumn === column) {
      const from = current[column].indexOf(id)
      const to = current[column].indexOf(String(over.id))
      if (to >= 0 && from !== to) current = { ...current, [column]: arrayMove(current[column], from, to) }
    }
    itemsRef.current = current
    const index = current[column].indexOf(id)
    const original = COLUMNS.find((c) => columns[c].some((card) => card.id === id))
    const originalIndex = original ? columns[original].findIndex((card) => card.id === id) : -1
    if (index >= 0 && (original !== column || originalIndex !== index)) moveCard(doc, id, column, index)
    finish()
  }

  const onDragCancel = () => {
    itemsRef.current = idsOf(columns)
    finish()
  }

  return {
    sensors,
    collisionDetection,
    items,
    itemsRef,
    activeId,
    onDragStart,
    onDragOver,
    onDragEnd,
    onDragCancel,
  }
}
