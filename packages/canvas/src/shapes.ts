import type { RecordProps, TLBaseShape } from '@tldraw/tlschema'
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from '@tldraw/tlschema'
import { T } from '@tldraw/validate'
import { GOAL_CARD, IF_THEN, STEPPING_STONES } from './shapeTypes.ts'

export { GOAL_CARD, IF_THEN, STEPPING_STONES, defaultShapeSize } from './shapeTypes.ts'

/**
 * The board's own canvas shapes. Each one only points at a board record (a goal, an if-then plan) and
 * keeps its size: the words live in the record, so the canvas and the goals list edit the same thing.
 */
export type GoalCardShape = TLBaseShape<typeof GOAL_CARD, { w: number; h: number; goalId: string }>
export type SteppingStonesShape = TLBaseShape<
  typeof STEPPING_STONES,
  { w: number; h: number; goalId: string }
>
export type IfThenShape = TLBaseShape<typeof IF_THEN, { w: number; h: number; planId: string }>
export type BoardShape = GoalCardShape | SteppingStonesShape | IfThenShape

export const goalCardProps: RecordProps<GoalCardShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  goalId: T.string,
}
export const steppingStonesProps: RecordProps<SteppingStonesShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  goalId: T.string,
}
export const ifThenProps: RecordProps<IfThenShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  planId: T.string,
}

export const boardShapeSchemas = {
  [GOAL_CARD]: { props: goalCardProps },
  [STEPPING_STONES]: { props: steppingStonesProps },
  [IF_THEN]: { props: ifThenProps },
}

/** tldraw's schema with the board's shapes: what a store on any side (browser, bench, tests) uses. */
export function createCanvasSchema() {
  return createTLSchema({
    shapes: { ...defaultShapeSchemas, ...boardShapeSchemas },
    bindings: defaultBindingSchemas,
  })
}
