import { missingSmartParts, smartPartLabels } from '@session-board/board'
import type { Goal } from '@session-board/board'

const TOTAL_PARTS = Object.keys(smartPartLabels).length

/** How much of the SMART-for-Two shape is in place, and what is still open, in plain words. */
export function SmartMeter({ goal, id }: { goal: Goal; id: string }) {
  const missing = missingSmartParts(goal)
  const done = TOTAL_PARTS - missing.length
  return (
    <div className="smart-meter">
      <label htmlFor={id} className="smart-meter__label">
        {done} of {TOTAL_PARTS} parts in place
      </label>
      <meter id={id} min={0} max={TOTAL_PARTS} low={4} high={7} optimum={TOTAL_PARTS} value={done} />
      {missing.length > 0 && (
        <p className="smart-meter__missing">
          Still open: {missing.map((part) => smartPartLabels[part]).join(', ')}
        </p>
      )}
    </div>
  )
}
