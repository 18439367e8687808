/**
 * The board's own shape types and the size each starts with. Free of tldraw's code, so the goals list
 * can put a goal's card on the canvas without loading the canvas.
 */
export const GOAL_CARD = 'goal-card'
export const STEPPING_STONES = 'stepping-stones'
export const IF_THEN = 'if-then'

/** Sizes a new shape starts with, in page units. */
export const defaultShapeSize = {
  [GOAL_CARD]: { w: 300, h: 380 },
  [STEPPING_STONES]: { w: 560, h: 240 },
  [IF_THEN]: { w: 280, h: 170 },
} as const
