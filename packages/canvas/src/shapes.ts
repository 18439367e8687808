import type { RecordProps, TLBaseShape } from '@tldraw/tlschema'
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from '@tldraw/tlschema'
import { T } from '@tldraw/validate'

/**
 * The board's own canvas shapes. Each one only points at a board record (a goal, an if-then plan) and
 * keeps its size: the words live in the record, so the canvas and the goals list edit the same thing.
 */
export const GOAL_CARD = 'goal-card'
export const STEPPING_STONES = 'stepping-stones'
export const IF_THEN = 'if-then'

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

/** Sizes a new shape starts with, in page units. */
export const defaultShapeSize = {
  [GOAL_CARD]: { w: 300, h: 380 },
  [STEPPING_STONES]: { w: 560, h: 240 },
  [IF_THEN]: { w: 280, h: 170 },
} as const

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
