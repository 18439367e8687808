import { Suspense, lazy, useEffect, useMemo, useRef, useState } from 'react'
import type { ReactNode } from 'react'
import { BOARD_PARTS, boardClock, huddleAt, huddleStep, showPart } from '@session-board/board'
import type { BoardPart } from '@session-board/board'
import type { Presence, SessionSummary } from '@session-board/protocol'
import { PartBoundary } from '../../lib/PartBoundary.tsx'
import type { SessionSync } from '../../lib/sync.ts'
import { useCompactLayout } from '../../lib/useMediaQuery.ts'
import { DecisionGrid } from '../grid/DecisionGrid.tsx'
import { GoalsSection } from '../goals/GoalsSection.tsx'
import { HuddlePanel } from '../huddle/HuddlePanel.tsx'
import { ReviewBoard } from '../review/ReviewBoard.tsx'
import { FloatingCall } from '../video/FloatingCall.tsx'
import { ReadOnlyBanner } from './ReadOnlyBanner.tsx'
import { useMeetingState } from './meetingState.ts'
import type { MeetingState } from './meetingState.ts'
import { PartState } from './PartState.tsx'
import { PartTabs, panelId, tabId } from './PartTabs.tsx'
import type { BoardView } from './parts.ts'
import { partTabs, useFollowedPart, viewTab } from './parts.ts'
import { SessionBar } from './SessionBar.tsx'
import { SessionContext } from './SessionContext.tsx'
import type { SessionContextValue } from './SessionContext.tsx'
import { SideParts, SidePanel } from './SidePanel.tsx'
import './boardAccess.css'
import './layout.css'

// tldraw is most of the code a board needs; it loads only when the canvas is first shown. A failed load
// (the network dropped, a new version replaced the file) is remembered by lazy(), so "Try again" makes a
// new one.
const loadGoalCanvas = () => lazy(() => import('../canvas/GoalCanvas.tsx'))

interface Props {
  sessionId: string
  summary: SessionSummary | null
  sync: SessionSync
  me: Presence
  refusal: string | null
  onDismissRefusal: () => void
}

/**
 * The board itself, once connected; it follows the session's state live (started, ended, reopened).
 * A slim bar on top, one part of the board at a time in the main area, and the call and the floor in a
 * side panel (on a phone: tabs at the bottom and a floating call).
 */
export function OpenBoard({ sessionId, summary, sync, me, refusal, onDismissRefusal }: Props) {
  const meeting = useMeetingState(sync, sessionId)
  const isPartner = me.role === 'partnerA' || me.role === 'partnerB'
  // Partners change the board only while its session is live (before the document arrives, as if it were).
  const canEdit = me.role !== 'observer' && !(isPartner && meeting !== null && meeting !== 'live')
  const context = useMemo<SessionContextValue>(
    () => ({ sessionId, sync, me, canEdit }),
    [sessionId, sync, me, canEdit],
  )
  const compact = useCompactLayout()
  const isTherapist = me.role === 'therapist'
  // The therapist leads while the session is live: the part they open is the one everyone follows.
  const leading = isTherapist && (meeting === 'live' || meeting === null)
  const followed = useFollowedPart(sync)
  const [following, setFollowing] = useState(true)
  const [ownView, setOwnView] = useState<BoardView>('huddle')
  const shown: BoardView = following ? followed : ownView
  const views: readonly BoardView[] = compact ? [...BOARD_PARTS, 'side'] : BOARD_PARTS
  const visible = views.includes(shown) ? shown : 'huddle'
  const announcement = useFollowNotice(following && !isTherapist ? followed : null)

  const show = (view: BoardView) => {
    if (leading && view !== 'side') {
      const { huddle } = sync.board.getSnapshot()
      showPart(sync.doc, { part: view, step: huddleStep(huddleAt(huddle, boardClock.now()), huddle.runId) })
      setFollowing(true)
    } else {
      setOwnView(view)
      setFollowing(false)
    }
  }
  useScrollToTop(visible)
  const layout = useBarHeight()

  return (
    <SessionContext.Provider value={context}>
      <div ref={layout} className={`board-layout${compact ? ' board-layout--compact' : ''}`}>
        <a className="skip-link" href="#board-main">
          Skip to the board
        </a>
        <PartBoundary part="the session bar">
          <SessionBar
            meeting={meeting}
            summary={summary}
            follow={{
              following,
              onFollow: (on) => {
                setFollowing(on)
                if (!on) setOwnView(visible)
              },
              followed,
              shown: visible,
              leading,
            }}
          />
        </PartBoundary>
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
        <div className="board-layout__body">
          <div className="board-layout__main">
            <Notices role={me.role} meeting={meeting} refusal={refusal} onDismiss={onDismissRefusal} />
            <PartTabs
              views={views}
              shown={visible}
              followed={following || isTherapist ? null : followed}
              onShow={show}
            />
            <main id="board-main" className="board-main" tabIndex={-1}>
              <Views views={views} shown={visible} meeting={meeting} summary={summary} />
            </main>
          </div>
          {compact ? <FloatingCall /> : <SidePanel meeting={meeting} summary={summary} />}
        </div>
      </div>
    </SessionContext.Provider>
  )
}

interface ViewsProps {
  views: readonly BoardView[]
  shown: BoardView
  meeting: MeetingState | null
  summary: SessionSummary | null
}

/**
 * Every tab has its panel; a part is mounted the first time it is shown and then kept (hidden while
 * another is shown), so the canvas keeps its place and nothing reloads when people move between parts.
 */
function Views({ views, shown, meeting, summary }: ViewsProps) {
  const [GoalCanvas, setGoalCanvas] = useState(loadGoalCanvas)
  const [visited, setVisited] = useState<ReadonlySet<BoardView>>(() => new Set([shown]))
  if (!visited.has(shown)) setVisited(new Set(visited).add(shown))

  const parts: Record<BoardView, { content: () => ReactNode; onReset?: () => void }> = {
    huddle: { content: () => <HuddlePanel /> },
    canvas: {
      onReset: () => setGoalCanvas(loadGoalCanvas),
      content: () => (
        <Suspense
          fallback={
            <section className="panel canvas" aria-busy="true">
              <p className="empty">Loading the goal canvas…</p>
            </section>
          }
        >
          <GoalCanvas />
        </Suspense>
      ),
    },
    goals: { content: () => <GoalsSection /> },
    review: { content: () => <ReviewBoard /> },
    grid: { content: () => <DecisionGrid /> },
    side: { content: () => <SideParts meeting={meeting} summary={summary} /> },
  }
  return views.map((view) => {
    const part = parts[view]
    const { name } = viewTab(view)
    return (
      <div
        key={view}
        id={panelId(view)}
        role="tabpanel"
        aria-labelledby={tabId(view)}
        className="board-view"
        hidden={view !== shown}
      >
        {visited.has(view) && (
          <PartState part={name}>
            {/* Each part has its own boundary: one that fails to render is replaced by a message. */}
            <PartBoundary part={name} onReset={part.onReset}>
              {part.content()}
            </PartBoundary>
          </PartState>
        )}
      </div>
    )
  })
}

function Notices({
  role,
  meeting,
  refusal,
  onDismiss,
}: {
  role: Presence['role']
  meeting: MeetingState | null
  refusal: string | null
  onDismiss: () => void
}) {
  return (
    <div className="session-notices">
      <ReadOnlyBanner role={role} meeting={meeting} />
      {refusal && (
        <div className="notice session-notice" role="alert">
          <p>
            Your last change was not saved: {refusal} The board has been reloaded with everyone’s current
            version.
          </p>
          <button type="button" className="button button--quiet button--small" onClick={onDismiss}>
            Dismiss<span className="visually-hidden"> this message</span>
          </button>
        </div>
      )}
    </div>
  )
}

/** "The therapist opened the review board", for screen readers, when following moves this person. */
function useFollowNotice(followed: BoardPart | null): string {
  const [notice, setNotice] = useState({ part: followed, text: '' })
  if (notice.part !== followed) {
    setNotice({
      part: followed,
      text: followed && notice.part ? `The therapist opened ${partTabs[followed].name}.` : '',
    })
  }
  return notice.text
}

/**
 * The session bar's height as `--bar-height` on the layout: on a phone the bar is sticky, and headings
 * brought into view keep clear of it however many lines it takes.
 */
function useBarHeight() {
  const layout = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const root = layout.current
    const bar = root?.querySelector('.session-bar')
    if (!root || !bar) return
    const observer = new ResizeObserver(([entry]) => {
      if (entry) root.style.setProperty('--bar-height', `${entry.borderBoxSize[0]?.blockSize ?? 0}px`)
    })
    observer.observe(bar)
    return () => observer.disconnect()
  }, [])
  return layout
}

/** A newly shown part starts at its top, just under the bar. */
function useScrollToTop(shown: BoardView) {
  const last = useRef(shown)
  useEffect(() => {
    if (last.current === shown) return
    last.current = shown
    document.getElementById('board-main')?.scrollTo({ top: 0 })
    window.scrollTo({ top: 0 })
  }, [shown])
}
