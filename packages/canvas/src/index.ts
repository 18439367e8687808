export { bindCanvas } from './binding.ts'
export type { CanvasBinding, CanvasBindingOptions } from './binding.ts'
export { decodeRecord, encodeRecord, isCanvasRecord } from './layout.ts'
export type { CanvasRecord } from './layout.ts'
export { addGoalWithCard, createGoalCardPlacer, goalCardId } from './placement.ts'
export type { GoalCardPlacer } from './placement.ts'
export {
  GOAL_CARD,
  IF_THEN,
  STEPPING_STONES,
  boardShapeSchemas,
  createCanvasSchema,
  defaultShapeSize,
  goalCardProps,
  ifThenProps,
  steppingStonesProps,
} from './shapes.ts'
export type { BoardShape, GoalCardShape, IfThenShape, SteppingStonesShape } from './shapes.ts'
