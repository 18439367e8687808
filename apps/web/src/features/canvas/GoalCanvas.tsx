import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { nameUnnamedSliders } from './nameSliders.ts'
import {
  Box,
  Tldraw,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  toRichText,
  useTldrawUser,
  useValue,
} from '@tldraw/tldraw'
import type { Editor, TLShapeId, TLUiOverrides } from '@tldraw/tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import '@tldraw/tldraw/tldraw.css'
import { addGoal, addPlan, isAgreed } from '@session-board/board'
import type { BoardSnapshot } from '@session-board/board'
import {
  GOAL_CARD,
  IF_THEN,
  STEPPING_STONES,
  bindCanvas,
  createGoalCardPlacer,
  defaultShapeSize,
  goalCardId,
} from '@session-board/canvas'
import type { CanvasBinding, GoalCardShape, IfThenShape } from '@session-board/canvas'
import { partnerName, useBoard, useConnection, useSession } from '../session/SessionContext.tsx'
import { CardEditor } from './CardEditor.tsx'
import type { CardTarget } from './canvasHooks.ts'
import { setCanvasHooks } from './canvasHooks.ts'
import { connectCanvasPresence } from './canvasPresence.ts'
import { boardShapeUtils } from './shapes/boardShapeUtils.tsx'
import { dropNonNegotiables, dropPriorityMap, dropSpheresOfControl } from './templates.ts'
import './canvas.css'

// Fonts, icons and translations are bundled and served by the board itself: no request leaves it.
const assetUrls = getAssetUrlsByImport()
const shapeUtils = [...defaultShapeUtils, ...boardShapeUtils]
const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY as string | undefined

function describeShape(snapshot: BoardSnapshot, shape: { type: string; props: unknown }): string | undefined {
  const props = shape.props as { goalId?: string; planId?: string }
  if (shape.type === GOAL_CARD) {
    const goal = snapshot.goals.find((candidate) => candidate.id === props.goalId)
    if (!goal) return 'Goal card, goal removed'
    return `Goal: ${goal.title.trim() || 'untitled'}, ${isAgreed(goal) ? 'agreed by both partners' : 'not yet agreed'}`
  }
  if (shape.type === STEPPING_STONES) {
    const goal = snapshot.goals.find((candidate) => candidate.id === props.goalId)
    const steps = snapshot.stepsByGoal[props.goalId ?? ''] ?? []
    return `Stepping stones toward ${goal?.title.trim() || 'an untitled goal'}, ${steps.length} steps`
  }
  if (shape.type === IF_THEN) {
    const plan = snapshot.plans.find((candidate) => candidate.id === props.planId)
    return plan ? `If ${plan.condition || '…'}, then ${plan.action || '…'}` : 'If-then plan, removed'
  }
  return undefined
}

/** The goal canvas: tldraw on the session's shared document, with the board's own cards. */
export default function GoalCanvas() {
  const { sync, me, canEdit } = useSession()
  const snapshot = useBoard()
  const [store] = useState(() => createTLStore({ shapeUtils, bindingUtils: defaultBindingUtils }))
  const [editor, setEditor] = useState<Editor | null>(null)
  const [target, setTarget] = useState<CardTarget | null>(null)
  const stageRef = useRef<HTMLDivElement>(null)
  const bindingRef = useRef<CanvasBinding | null>(null)
  // Placing from a board that is not in step with the server could write a card someone already has.
  const phase = useConnection().phase
  const inStep = phase === 'live' || phase === 'reconnected'

  // The document's shapes are in the store before the editor is handed to the rest of the canvas.
  const onMount = useCallback(
    (mounted: Editor) => {
      const binding = bindCanvas(store, sync.doc)
      bindingRef.current = binding
      setEditor(mounted)
      return () => {
        binding.dispose()
        bindingRef.current = null
        setEditor(null)
      }
    },
    [store, sync.doc],
  )

  useEffect(() => {
    if (!editor) return
    const stopHooks = setCanvasHooks(editor, {
      open: setTarget,
      describe: (shape) => describeShape(sync.board.getSnapshot(), shape),
    })
    const stopPresence = connectCanvasPresence(editor, sync.provider.awareness)
    // Nothing from outside the board: files, links and embeds would fetch or upload elsewhere.
    editor.registerExternalContentHandler('files', () => {})
    editor.registerExternalContentHandler('svg-text', () => {})
    editor.registerExternalContentHandler('embed', () => {})
    editor.registerExternalContentHandler('url', ({ url, point }) => {
      const at = point ?? editor.getViewportPageBounds().center
      editor.createShape({ type: 'text', x: at.x, y: at.y, props: { richText: toRichText(url) } })
    })
    return () => {
      stopHooks()
      stopPresence()
    }
  }, [editor, sync.provider, sync.board])

  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: !canEdit })
  }, [editor, canEdit])

  useEffect(() => {
    const stage = stageRef.current
    return editor && stage ? nameUnnamedSliders(stage) : undefined
  }, [editor])

  const userPreferences = useMemo(
    () => ({ id: String(sync.doc.clientID), name: me.name, color: me.color }),
    [sync.doc.clientID, me.name, me.color],
  )
  const user = useTldrawUser({ userPreferences })

  const overrides = useMemo<TLUiOverrides>(
    () => ({
      actions(_editor, actions) {
        // One undo for the whole board: this person's own changes, on the canvas and off it.
        const undo = actions.undo
        const redo = actions.redo
        if (undo) actions.undo = { ...undo, onSelect: () => sync.undo.undo() }
        if (redo) actions.redo = { ...redo, onSelect: () => sync.undo.redo() }
        delete actions['insert-embed']
        delete actions['insert-media']
        return actions
      },
      tools(_editor, tools) {
        delete tools.asset
        return tools
      },
      translations: {
        en: {
          'tool.goal-card': 'Goal card',
          'tool.stepping-stones': 'Stepping stones',
          'tool.if-then': 'If-then plan',
        },
      },
    }),
    [sync.undo],
  )

  const selectedCard = (): GoalCardShape | null => {
    const shape = editor?.getOnlySelectedShape()
    return shape?.type === GOAL_CARD ? (shape as unknown as GoalCardShape) : null
  }

  /** In view if there is room, never on top of another card: step right until the spot is free. */
  const place = (size: { w: number; h: number }) => {
    const center = editor!.getViewportPageBounds().center
    const spot = new Box(Math.round(center.x - size.w / 2), Math.round(center.y - size.h / 2), size.w, size.h)
    const taken = editor!
      .getCurrentPageShapes()
      .map((shape) => editor!.getShapePageBounds(shape))
      .filter((box) => box !== undefined)
    for (let tries = 0; tries < 50 && taken.some((box) => box.collides(spot)); tries++) spot.x += size.w + 40
    return { x: spot.x, y: spot.y }
  }

  /** Selects a shape just made and brings it into view for the person who made it. */
  const show = (id: TLShapeId) => {
    editor!.select(id)
    editor!.zoomToSelectionIfOffscreen(64, { animation: { duration: 200 } })
  }

  /**
   * A new goal and its card in view. Made inside `inOneStep`: everyone gets the goal and its card at once,
   * so no board ever sees the goal without a card and places one, and one undo takes both back.
   */
  const createGoalAndCard = (canvas: Editor) => {
    const goalId = addGoal(sync.doc, { title: '' })
    const card = {
      id: goalCardId(goalId),
      type: GOAL_CARD,
      ...place(defaultShapeSize[GOAL_CARD]),
      props: { ...defaultShapeSize[GOAL_CARD], goalId },
    }
    canvas.createShape(card)
    return card
  }

  const newGoalCard = () => {
    const binding = bindingRef.current
    if (!editor || !binding) return
    const card = binding.inOneStep(() => createGoalAndCard(editor))
    show(card.id)
    setTarget({ kind: 'goal', goalId: card.props.goalId })
  }

  const newSteppingStones = () => {
    const binding = bindingRef.current
    if (!editor || !binding) return
    // Stepping stones lead to a goal: the selected card's, or a new one whose card comes along.
    const { goalId, id } = binding.inOneStep(() => {
      const card = selectedCard() ?? createGoalAndCard(editor)
      const id = createShapeId()
      const at = { x: card.x, y: card.y + card.props.h + 40 }
      editor.createShape({ id, type: STEPPING_STONES, ...at, props: { goalId: card.props.goalId } })
      return { goalId: card.props.goalId, id }
    })
    show(id)
    setTarget({ kind: 'steps', goalId })
  }

  const newIfThen = () => {
    if (!editor) return
    const card = selectedCard()
    const planId = addPlan(sync.doc, { goalId: card?.props.goalId ?? '' })
    const size = defaultShapeSize[IF_THEN]
    const at = card ? { x: card.x + card.props.w + 80, y: card.y } : place(size)
    const id = createShapeId()
    editor.run(() => {
      editor.createShape({ id, type: IF_THEN, ...at, props: { planId } })
      if (card) linkWithArrow(editor, id, card.id)
    })
    show(id)
    setTarget({ kind: 'plan', planId })
  }

  // The goals that have a card, read from the editor: a card taken off is noticed at once.
  const placedGoalIds = useValue(
    'goals on the canvas',
    () =>
      editor
        ? editor
            .getCurrentPageShapes()
            .filter((shape) => shape.type === GOAL_CARD)
            .map((shape) => (shape as unknown as GoalCardShape).props.goalId)
            .sort()
            .join('\n')
        : '',
    [editor],
  )
  const placedGoals = new Set(placedGoalIds.split('\n'))
  const goalsWithoutCard = snapshot.goals.filter((goal) => !placedGoals.has(goal.id)).length
  const goalIds = snapshot.goals.map((goal) => goal.id).join('\n')

  // Every goal of the couple has a card on the canvas. A goal comes with its card wherever it is written;
  // goals from before the canvas placed them get theirs from the therapist's board alone, when it opens.
  const placesCards = me.role === 'therapist' && canEdit
  const placer = useMemo(() => createGoalCardPlacer(sync.doc), [sync.doc])
  useEffect(() => {
    if (editor && placesCards && inStep) placer.placeNewGoals()
  }, [editor, placesCards, inStep, placer, goalIds])

  // If-then plans made elsewhere (the review's experiment picker, a chosen grid proposal) that have no
  // card yet, so they can be put on the canvas too.
  const placedPlanIds = useValue(
    'plans on the canvas',
    () =>
      editor
        ? editor
            .getCurrentPageShapes()
            .filter((shape) => shape.type === IF_THEN)
            .map((shape) => (shape as unknown as IfThenShape).props.planId)
            .sort()
            .join('\n')
        : '',
    [editor],
  )
  const placedPlans = new Set(placedPlanIds.split('\n'))
  const unplacedPlans = snapshot.plans.filter((plan) => !placedPlans.has(plan.id))
  const [planToPlace, setPlanToPlace] = useState('')

  const placeExistingPlan = () => {
    const planId = unplacedPlans.some((plan) => plan.id === planToPlace) ? planToPlace : unplacedPlans[0]?.id
    if (!editor || !planId) return
    const id = createShapeId()
    editor.createShape({ id, type: IF_THEN, ...place(defaultShapeSize[IF_THEN]), props: { planId } })
    show(id)
    setPlanToPlace('')
  }

  const names = {
    partnerA: partnerName(snapshot, 'partnerA'),
    partnerB: partnerName(snapshot, 'partnerB'),
  }

  const closeEditor = useCallback(() => {
    setTarget(null)
    // Back to the canvas, with the card still selected, so Tab and Enter carry on from it.
    editor?.getContainer().focus()
    editor?.focus()
  }, [editor])

  // Enter on a selected card opens its editor, as a double click does.
  useEffect(() => {
    const stage = stageRef.current
    if (!stage || !editor) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || event.target !== editor.getContainer()) return
      const shape = editor.getOnlySelectedShape()
      if (!shape) return
      const util = editor.getShapeUtil(shape)
      if (!('target' in util) || typeof util.target !== 'function') return
      event.preventDefault()
      event.stopPropagation()
      setTarget(util.target(shape) as CardTarget)
    }
    stage.addEventListener('keydown', onKeyDown, true)
    return () => stage.removeEventListener('keydown', onKeyDown, true)
  }, [editor])

  return (
    <section className="panel canvas" aria-labelledby="canvas-heading">
      <div className="panel__head">
        <h2 id="canvas-heading">Goal canvas</h2>
        <p className="panel__intro" id="canvas-help">
          Goals side by side with the priorities they serve. On the canvas, Tab moves from card to card once
          one is selected, Enter opens a card, and Escape leaves it.
        </p>
      </div>
      {canEdit && (
        <div className="canvas__toolbar" role="toolbar" aria-label="Add to the canvas">
          <button type="button" className="button button--primary button--small" onClick={newGoalCard}>
            New goal card
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={newSteppingStones}
          >
            Stepping stones
          </button>
          <button type="button" className="button button--secondary button--small" onClick={newIfThen}>
            If-then plan
          </button>
          {unplacedPlans.length > 0 && (
            <span className="canvas__place">
              <label htmlFor="canvas-place-plan" className="visually-hidden">
                An if-then plan without a card yet
              </label>
              <select
                id="canvas-place-plan"
                value={
                  unplacedPlans.some((plan) => plan.id === planToPlace) ? planToPlace : unplacedPlans[0]!.id
                }
                onChange={(event) => setPlanToPlace(event.target.value)}
              >
                {unplacedPlans.map((plan) => (
                  <option key={plan.id} value={plan.id}>
                    If {plan.condition.trim() || '…'}, then {plan.action.trim() || '…'}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={placeExistingPlan}
              >
                Put the plan on the canvas
              </button>
            </span>
          )}
          {me.role === 'therapist' && (
            <span className="canvas__templates" role="group" aria-label="Templates">
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => editor && dropPriorityMap(editor, names)}
              >
                My priority / Our shared action
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() =>
                  editor && bindingRef.current?.inOneStep(() => dropNonNegotiables(editor, sync.doc))
                }
              >
                Non-negotiables
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => editor && dropSpheresOfControl(editor)}
              >
                Spheres of control
              </button>
            </span>
          )}
          <button
            type="button"
            className="button button--quiet button--small canvas__fit"
            onClick={() => editor?.zoomToFit({ animation: { duration: 200 } })}
          >
            Show everything
          </button>
        </div>
      )}
      {goalsWithoutCard > 0 && !placesCards && (
        <p className="empty" role="note">
          {goalsWithoutCard === 1
            ? 'One goal from the list is not on the canvas yet. Its card appears when the therapist opens the canvas.'
            : `${goalsWithoutCard} goals from the list are not on the canvas yet. Their cards appear when the therapist opens the canvas.`}
        </p>
      )}
      <div className={`canvas__body${target ? ' canvas__body--editing' : ''}`}>
        <div
          ref={stageRef}
          className="canvas__stage"
          data-testid="goal-canvas"
          data-ready={editor ? 'true' : 'false'}
          aria-describedby="canvas-help"
        >
          <Tldraw
            store={store}
            shapeUtils={boardShapeUtils}
            assetUrls={assetUrls}
            overrides={overrides}
            onMount={onMount}
            user={user}
            embeds={[]}
            acceptedImageMimeTypes={[]}
            acceptedVideoMimeTypes={[]}
            licenseKey={licenseKey}
          />
        </div>
        {target && <CardEditor target={target} onClose={closeEditor} />}
      </div>
    </section>
  )
}

/** An arrow from an if-then plan to the goal it protects, bound at both ends so it follows them. */
function linkWithArrow(editor: Editor, from: TLShapeId, to: TLShapeId) {
  const arrowId = createShapeId()
  editor.createShape({ id: arrowId, type: 'arrow', x: 0, y: 0 })
  editor.createBindings(
    (['start', 'end'] as const).map((terminal) => ({
      type: 'arrow',
      fromId: arrowId,
      toId: terminal === 'start' ? from : to,
      props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false },
    })),
  )
}
