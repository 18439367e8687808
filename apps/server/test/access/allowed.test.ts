import {
  addCard,
  addGoal,
  addPlan,
  addStep,
  readAuthor,
  removeCard,
  removeGoal,
  selectColumns,
  selectGoals,
  selectPlans,
  selectSteps,
  SCHEMA_VERSION,
  raiseHand,
  selectFloor,
  selectHuddle,
  setCheckIn,
  setConsent,
  startHuddle,
  updateGoal,
  updateStep,
} from '@session-board/board'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { auditOf, connectClient, createCleanup, waitForDoc, waitSynced } from '../helpers.ts'
import { openRoom, startSecureServer } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

const field = (doc: Y.Doc, root: string, id: string, key: string) =>
  (doc.getMap(root).get(id) as Y.Map<unknown> | undefined)?.get(key)

const canvasRecord = (doc: Y.Doc, id: string) =>
  (doc.getMap('canvas').get(id) as Y.Map<unknown> | undefined)?.toJSON()

/** A tldraw geo shape in the canvas map's encoding: top-level fields by name, props as `props.<key>`. */
const geoShape = {
  id: 'shape:walkNote',
  typeName: 'shape',
  type: 'geo',
  x: 100,
  y: 200,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  'props.w': 240,
  'props.h': 160,
  'props.geo': 'rectangle',
  'props.richText': { type: 'doc', content: [{ type: 'paragraph' }] },
}

const putCanvasRecord = (doc: Y.Doc, record: Record<string, unknown> & { id: string }) =>
  doc.getMap('canvas').set(record.id, new Y.Map(Object.entries(record)))

describe('allowed writes, stamped by the server', () => {
  it('partners edit goals and consent for themselves; the stamps name who created and who last changed', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const partnerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    const observer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.observer.token())

    let goalId = ''
    partnerA.write((doc) => {
      goalId = addGoal(doc, { title: 'Cook together on Sundays' })
    })
    await waitForDoc(
      observer.doc,
      () => field(observer.doc, 'goals', goalId, 'updatedBy') !== undefined,
      'the stamped goal',
    )
    const partnerAStamp = { id: room.partnerA.personId, role: 'partnerA' }
    expect(readAuthor(field(observer.doc, 'goals', goalId, 'createdBy'))).toEqual(partnerAStamp)
    expect(readAuthor(field(observer.doc, 'goals', goalId, 'updatedBy'))).toEqual(partnerAStamp)

    await waitForDoc(
      partnerB.doc,
      () => field(partnerB.doc, 'goals', goalId, 'updatedBy') !== undefined,
      'the goal at B',
    )
    partnerB.write((doc) => updateGoal(doc, goalId, { specific: 'Sunday 6pm, our kitchen' }))
    await waitForDoc(
      observer.doc,
      () => readAuthor(field(observer.doc, 'goals', goalId, 'updatedBy'))?.role === 'partnerB',
      'B’s stamp',
    )
    expect(readAuthor(field(observer.doc, 'goals', goalId, 'createdBy'))).toEqual(partnerAStamp)
    expect(readAuthor(field(observer.doc, 'goals', goalId, 'updatedBy'))).toEqual({
      id: room.partnerB.personId,
      role: 'partnerB',
    })

    await waitForDoc(
      partnerA.doc,
      () => field(partnerA.doc, 'goals', goalId, 'specific') !== '',
      'B’s edit at A',
    )
    partnerA.write((doc) => setConsent(doc, goalId, 'partnerA', true))
    await waitForDoc(
      partnerB.doc,
      () => selectGoals(partnerB.doc)[0]?.willing.partnerA === true,
      'A’s consent at B',
    )
    partnerB.write((doc) => setConsent(doc, goalId, 'partnerB', true))
    await waitForDoc(
      observer.doc,
      () => selectGoals(observer.doc)[0]?.willing.partnerB === true,
      'B’s consent',
    )
    expect(partnerA.refusals).toEqual([])
    expect(partnerB.refusals).toEqual([])

    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    therapist.write((doc) => startHuddle(doc))
    await waitForDoc(
      observer.doc,
      () => observer.doc.getMap('huddle').get('updatedBy') !== undefined,
      'the huddle stamp',
    )
    expect(readAuthor(observer.doc.getMap('huddle').get('updatedBy'))).toEqual({
      id: room.therapist.personId,
      role: 'therapist',
    })
    // Joins were audited; no refusal was.
    const actions = (await auditOf(server).forSession(room.sessionId)).map((entry) => entry.action)
    expect(actions.filter((action) => action === 'join').length).toBeGreaterThanOrEqual(4)
    expect(actions).not.toContain('update_refused')
  })

  it('the therapist starts the huddle; each partner raises their own hand and writes their own check-in', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const partnerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    const observer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.observer.token())

    therapist.write((doc) => startHuddle(doc))
    // A check-in belongs to the run its writer has seen, so each partner waits for the start.
    for (const peer of [observer, partnerA, partnerB])
      await waitForDoc(peer.doc, () => selectHuddle(peer.doc).status === 'running', 'the started huddle')
    partnerA.write((doc) => {
      raiseHand(doc, 'partnerA')
      setCheckIn(doc, 'partnerA', 'needs', 'A quiet evening')
    })
    partnerB.write((doc) => setCheckIn(doc, 'partnerB', 'feelings', 'Hopeful'))
    await waitForDoc(
      observer.doc,
      () =>
        selectFloor(observer.doc).hands.length === 1 &&
        selectHuddle(observer.doc).checkIn.partnerA.needs === 'A quiet evening' &&
        selectHuddle(observer.doc).checkIn.partnerB.feelings === 'Hopeful',
      'the hand and both check-ins',
    )
    expect(selectFloor(observer.doc).hands[0]?.partner).toBe('partnerA')
    for (const peer of [therapist, partnerA, partnerB]) expect(peer.refusals).toEqual([])
    const actions = (await auditOf(server).forSession(room.sessionId)).map((entry) => entry.action)
    expect(actions).not.toContain('update_refused')
  })

  it('accepts a burst of updates that build on each other before the first is stored', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const observer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.observer.token())
    let goalId = ''
    // Sent in one turn: each update's items sit on the previous one's, still queued for storage.
    partnerA.write((doc) => {
      goalId = addGoal(doc, { title: 'T' })
    })
    for (const title of ['Ta', 'Tal', 'Talk', 'Talk daily'])
      partnerA.write((doc) => updateGoal(doc, goalId, { title }))
    partnerA.write((doc) => setConsent(doc, goalId, 'partnerA', true))
    await waitForDoc(observer.doc, () => selectGoals(observer.doc)[0]?.willing.partnerA === true, 'the burst')
    expect(selectGoals(observer.doc)[0]?.title).toBe('Talk daily')
    expect(partnerA.refusals).toEqual([])
  })

  it('a partner removes a stamped goal and card as one shared act, but cannot strip a stamp alone', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const partnerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    const observer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.observer.token())
    let goalId = ''
    let cardId = ''
    partnerA.write((doc) => {
      goalId = addGoal(doc, { title: 'Walk after dinner' })
    })
    partnerA.write((doc) => setConsent(doc, goalId, 'partnerA', true))
    partnerA.write((doc) => {
      cardId = addCard(doc, { text: 'Phones away at dinner', column: 'keep' })
    })
    const stamped = (doc: Y.Doc) =>
      field(doc, 'goals', goalId, 'createdBy') !== undefined &&
      field(doc, 'cards', cardId, 'createdBy') !== undefined
    await waitForDoc(partnerB.doc, () => stamped(partnerB.doc), 'the stamped goal and card at B')
    await waitForDoc(observer.doc, () => stamped(observer.doc), 'the stamped goal and card at the observer')

    // Taking a stamp off a record that stays is still the server's business alone.
    partnerB.write((doc) => (doc.getMap('goals').get(goalId) as Y.Map<unknown>).delete('createdBy'))
    expect((await partnerB.closed).code).toBe(4403)
    expect(partnerB.refusals.map((refusal) => refusal.code)).toEqual(['server_only'])
    expect(field(observer.doc, 'goals', goalId, 'createdBy')).toBeDefined()

    // Removing the whole record takes its stamps and A's consent with it: one shared act.
    const partnerB2 = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    await waitForDoc(partnerB2.doc, () => stamped(partnerB2.doc), 'the board at B again')
    partnerB2.write((doc) => removeGoal(doc, goalId))
    partnerB2.write((doc) => removeCard(doc, cardId))
    await waitForDoc(
      observer.doc,
      () => selectGoals(observer.doc).length === 0 && selectColumns(observer.doc).keep.length === 0,
      'the removals',
    )
    expect(partnerB2.refusals).toEqual([])
  })

  it('partners draw and move canvas shapes unstamped; goals, steps and plans are stamped', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    // Partner B on the unmodified y-websocket client, as the browser connects.
    const partnerB = connectClient(cleanup, server.url, room.sessionId, {
      params: { token: await room.partnerB.token() },
    })
    await waitSynced(partnerB)

    let goalId = ''
    partnerA.write((doc) => {
      goalId = addGoal(doc, { title: 'Walk after dinner' })
    })
    partnerA.write((doc) => putCanvasRecord(doc, geoShape))
    await waitForDoc(
      partnerB.doc,
      () => canvasRecord(partnerB.doc, geoShape.id)?.['props.richText'] !== undefined,
      'the shape at B',
    )
    expect(canvasRecord(partnerB.doc, geoShape.id)).toEqual(geoShape)

    // B drags it: one field, written by a plain local transaction.
    partnerB.doc.transact(() =>
      (partnerB.doc.getMap('canvas').get(geoShape.id) as Y.Map<unknown>).set('x', 340),
    )
    await waitForDoc(
      partnerA.doc,
      () => field(partnerA.doc, 'canvas', geoShape.id, 'x') === 340,
      'the move at A',
    )

    let stepId = ''
    let planId = ''
    partnerA.write((doc) => {
      stepId = addStep(doc, goalId, 'Pick a route')
    })
    partnerA.write((doc) => {
      planId = addPlan(doc, { condition: 'It rains', action: 'Walk in the mall', owner: 'both', goalId })
    })
    await waitForDoc(
      partnerB.doc,
      () => field(partnerB.doc, 'plans', planId, 'createdBy') !== undefined,
      'the stamped plan at B',
    )
    updateStep(partnerB.doc, stepId, { status: 'done', sinceDone: 'Walked twice' })
    await waitForDoc(
      partnerA.doc,
      () => readAuthor(field(partnerA.doc, 'steps', stepId, 'updatedBy'))?.role === 'partnerB',
      'B’s stamp on the step at A',
    )

    const stampOf = (role: 'partnerA' | 'partnerB') => ({ id: room[role].personId, role })
    for (const [root, id] of [
      ['goals', goalId],
      ['steps', stepId],
      ['plans', planId],
    ] as const) {
      expect([root, readAuthor(field(partnerA.doc, root, id, 'createdBy'))]).toEqual([
        root,
        stampOf('partnerA'),
      ])
    }
    expect(readAuthor(field(partnerA.doc, 'steps', stepId, 'updatedBy'))).toEqual(stampOf('partnerB'))
    expect(selectSteps(partnerA.doc, goalId)[0]).toMatchObject({ status: 'done', sinceDone: 'Walked twice' })
    expect(selectPlans(partnerB.doc)[0]).toMatchObject({ id: planId, goalId, owner: 'both' })
    // The shape was written and moved before the step was stamped: no stamp came for it, and none will.
    expect(canvasRecord(partnerA.doc, geoShape.id)).toEqual({ ...geoShape, x: 340 })
    expect(canvasRecord(partnerB.doc, geoShape.id)).toEqual({ ...geoShape, x: 340 })
    expect(partnerA.refusals).toEqual([])
    const actions = (await auditOf(server).forSession(room.sessionId)).map((entry) => entry.action)
    expect(actions).not.toContain('update_refused')
  })

  it('removing a goal takes its steps, goal card and arrow binding with it, and frees its plan', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server)
    const therapist = await RawPeer.join(cleanup, server.url, room.sessionId, await room.therapist.token())
    const partnerB = connectClient(cleanup, server.url, room.sessionId, {
      params: { token: await room.partnerB.token() },
    })
    await waitSynced(partnerB)

    let goalId = ''
    let planId = ''
    therapist.write((doc) => {
      goalId = addGoal(doc, { title: 'No alcohol at home', nonNegotiable: true })
      addStep(doc, goalId, 'Clear the cupboard')
      planId = addPlan(doc, { condition: 'A craving at 9pm', action: 'Call the sponsor', goalId })
      putCanvasRecord(doc, { ...geoShape, id: 'shape:arrow', type: 'arrow' })
      putCanvasRecord(doc, { id: 'shape:card', typeName: 'shape', type: 'goal-card', 'props.goalId': goalId })
      putCanvasRecord(doc, {
        id: 'binding:toCard',
        typeName: 'binding',
        type: 'arrow',
        fromId: 'shape:arrow',
        toId: 'shape:card',
        'props.terminal': 'end',
        'props.normalizedAnchor': { x: 0.5, y: 0.5 },
      })
    })
    await waitForDoc(
      partnerB.doc,
      () => field(partnerB.doc, 'plans', planId, 'createdBy') !== undefined,
      'the scene at B',
    )
    expect(selectGoals(partnerB.doc)[0]?.nonNegotiable).toBe(true)
    expect(partnerB.doc.getMap('canvas').size).toBe(3)

    removeGoal(partnerB.doc, goalId)
    await waitForDoc(
      therapist.doc,
      () => readAuthor(field(therapist.doc, 'plans', planId, 'updatedBy'))?.role === 'partnerB',
      'the removal at the therapist',
    )
    expect(selectGoals(therapist.doc)).toEqual([])
    expect(therapist.doc.getMap('steps').size).toBe(0)
    expect(selectPlans(therapist.doc)[0]).toMatchObject({ id: planId, goalId: '' })
    expect([...therapist.doc.getMap('canvas').keys()]).toEqual(['shape:arrow'])
    expect((await auditOf(server).forSession(room.sessionId)).map((entry) => entry.action)).not.toContain(
      'update_refused',
    )
  })

  it('the board shows the names the therapist gave, written by the server', async () => {
    const server = await startSecureServer(cleanup)
    const room = await openRoom(server, { title: 'Tuesday', partnerAName: 'Kim', partnerBName: 'Lee' })
    const observer = await RawPeer.join(cleanup, server.url, room.sessionId, await room.observer.token())
    expect(observer.doc.getMap('session').toJSON()).toMatchObject({ title: 'Tuesday', status: 'open' })
    // The names belong to the couple, from the couples table; no client writes them.
    expect(observer.doc.getMap('couple').toJSON()).toMatchObject({ partnerAName: 'Kim', partnerBName: 'Lee' })
    expect(observer.doc.getMap('meta').get('schemaVersion')).toBe(SCHEMA_VERSION)
  })
})
