import type * as Y from 'yjs'
import type { BoardDoc } from './doc.ts'
import { canvasMap } from './doc.ts'
import type { Card, Column } from './records/card.ts'
import { selectColumns } from './records/card.ts'
import type { FloorState } from './records/floor.ts'
import { selectFloor } from './records/floor.ts'
import type { Goal } from './records/goal.ts'
import { selectGoals } from './records/goal.ts'
import type { GridState, Proposal } from './records/grid.ts'
import { selectGrid, selectProposals } from './records/grid.ts'
import type { HuddleState } from './records/huddle.ts'
import { selectHuddle } from './records/huddle.ts'
import type { HuddleRecord } from './records/huddleRecord.ts'
import { selectHuddleRecords } from './records/huddleRecord.ts'
import type { Plan } from './records/plan.ts'
import { selectPlans } from './records/plan.ts'
import type { SessionInfo } from './records/session.ts'
import { selectSessionInfo } from './records/session.ts'
import { selectCallKeyIndex } from './rules/stamps.ts'
import type { Step } from './records/step.ts'
import { selectStepsByGoal } from './records/step.ts'

/** Everything the board shows, read in one pass. */
export interface BoardSnapshot {
  session: SessionInfo
  /** Non-negotiable goals first. */
  goals: Goal[]
  /** Each goal's stepping stones in order, by goal id (an empty list for a goal without steps). */
  stepsByGoal: Record<string, Step[]>
  plans: Plan[]
  columns: Record<Column, Card[]>
  huddle: HuddleState
  floor: FloorState
  /** Finished huddles, newest first. */
  huddleRecords: HuddleRecord[]
  /** The decision grid's rows, oldest first. */
  proposals: Proposal[]
  /** Its criteria, and both partners' scores once the therapist revealed them. */
  grid: GridState
  /** The video call's end-to-end key generation (the key itself is fetched, never in the document). */
  callKeyIndex: number
}

export function selectBoard(doc: BoardDoc): BoardSnapshot {
  return {
    session: selectSessionInfo(doc),
    goals: selectGoals(doc),
    stepsByGoal: selectStepsByGoal(doc),
    plans: selectPlans(doc),
    columns: selectColumns(doc),
    huddle: selectHuddle(doc),
    floor: selectFloor(doc),
    huddleRecords: selectHuddleRecords(doc),
    proposals: selectProposals(doc),
    grid: selectGrid(doc),
    callKeyIndex: selectCallKeyIndex(doc),
  }
}

export interface BoardStore {
  subscribe(listener: () => void): () => void
  getSnapshot(): BoardSnapshot
}

/**
 * Whether a transaction changed anything the snapshot holds. The canvas's own records (positions, sizes,
 * drawings) are tldraw's to show: a drag writes one every frame and must not rebuild every card.
 */
function changesSnapshot(transaction: Y.Transaction, canvas: object): boolean {
  for (const type of transaction.changed.keys()) {
    if (type !== canvas && type._item?.parent !== canvas) return true
  }
  return false
}

/**
 * A store for React's useSyncExternalStore: the snapshot is read again only after the document
 * changed, so its identity is stable between changes.
 */
export function createBoardStore(doc: BoardDoc): BoardStore {
  let snapshot: BoardSnapshot | undefined
  const listeners = new Set<() => void>()
  const canvas = canvasMap(doc)
  const onChange = (transaction: Y.Transaction) => {
    if (!changesSnapshot(transaction, canvas)) return
    snapshot = undefined
    for (const listener of listeners) listener()
  }
  return {
    subscribe(listener) {
      if (listeners.size === 0) doc.on('afterTransaction', onChange)
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) doc.off('afterTransaction', onChange)
      }
    },
    getSnapshot() {
      snapshot ??= selectBoard(doc)
      return snapshot
    },
  }
}
