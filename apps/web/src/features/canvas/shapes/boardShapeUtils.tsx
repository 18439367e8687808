import { BaseBoxShapeUtil, HTMLContainer } from '@tldraw/tldraw'
import type { ReactElement } from 'react'
import type { TLShape } from '@tldraw/tldraw'
import {
  GOAL_CARD,
  IF_THEN,
  STEPPING_STONES,
  defaultShapeSize,
  goalCardProps,
  ifThenProps,
  steppingStonesProps,
} from '@session-board/canvas'
import type { GoalCardShape, IfThenShape, SteppingStonesShape } from '@session-board/canvas'
import type { CardTarget } from '../canvasHooks.ts'
import { canvasHooks } from '../canvasHooks.ts'
import { GoalCardView } from './GoalCardView.tsx'
import { IfThenView } from './IfThenView.tsx'
import { SteppingStonesView } from './SteppingStonesView.tsx'

/**
 * The board's shapes are boxes that show a board record. They never edit text inside tldraw: a double
 * click (or Enter, see GoalCanvas) opens the record's editor beside the canvas, the same form the goals
 * list uses, so there is one way to edit a goal and it works with a keyboard and a screen reader.
 */
abstract class RecordCardUtil<
  Shape extends GoalCardShape | SteppingStonesShape | IfThenShape,
> extends BaseBoxShapeUtil<Shape> {
  /** The board record the shape shows, which its editor opens. */
  abstract target(shape: Shape): CardTarget
  /** The shape's content, drawn from that record. */
  abstract view(shape: Shape): ReactElement

  override component(shape: Shape) {
    return <HTMLContainer className="board-shape">{this.view(shape)}</HTMLContainer>
  }

  override canEdit() {
    return false
  }
  override hideRotateHandle() {
    return true
  }
  override canBind() {
    return true
  }
  override onDoubleClick(shape: Shape) {
    canvasHooks(this.editor)?.open(this.target(shape))
  }
  override getAriaDescriptor(shape: Shape) {
    return canvasHooks(this.editor)?.describe(shape as TLShape)
  }
  override getText(shape: Shape) {
    return this.getAriaDescriptor(shape)
  }
  override indicator(shape: Shape) {
    return <rect width={shape.props.w} height={shape.props.h} rx={12} ry={12} />
  }
}

export class GoalCardUtil extends RecordCardUtil<GoalCardShape> {
  static override type = GOAL_CARD
  static override props = goalCardProps
  override getDefaultProps(): GoalCardShape['props'] {
    return { ...defaultShapeSize[GOAL_CARD], goalId: '' }
  }
  target(shape: GoalCardShape): CardTarget {
    return { kind: 'goal', goalId: shape.props.goalId }
  }
  view(shape: GoalCardShape) {
    return <GoalCardView shape={shape} />
  }
}

export class SteppingStonesUtil extends RecordCardUtil<SteppingStonesShape> {
  static override type = STEPPING_STONES
  static override props = steppingStonesProps
  override getDefaultProps(): SteppingStonesShape['props'] {
    return { ...defaultShapeSize[STEPPING_STONES], goalId: '' }
  }
  target(shape: SteppingStonesShape): CardTarget {
    return { kind: 'steps', goalId: shape.props.goalId }
  }
  view(shape: SteppingStonesShape) {
    return <SteppingStonesView shape={shape} />
  }
}

export class IfThenUtil extends RecordCardUtil<IfThenShape> {
  static override type = IF_THEN
  static override props = ifThenProps
  override getDefaultProps(): IfThenShape['props'] {
    return { ...defaultShapeSize[IF_THEN], planId: '' }
  }
  target(shape: IfThenShape): CardTarget {
    return { kind: 'plan', planId: shape.props.planId }
  }
  view(shape: IfThenShape) {
    return <IfThenView shape={shape} />
  }
}

export const boardShapeUtils = [GoalCardUtil, SteppingStonesUtil, IfThenUtil]
