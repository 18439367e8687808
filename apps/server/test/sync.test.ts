import { afterEach, describe, expect, it } from 'vitest'
import {
  connectClient,
  createCleanup,
  startTestServer,
  waitForDoc,
  waitSynced,
  withTimeout,
} from './helpers.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

describe('sync between people in one session', () => {
  it('shows each person the edits of the other', async () => {
    const server = await startTestServer(cleanup)
    const therapist = connectClient(cleanup, server.url, 'session-converge')
    const partner = connectClient(cleanup, server.url, 'session-converge')
    await Promise.all([waitSynced(therapist), waitSynced(partner)])

    therapist.doc.getMap('goals').set('g1', 'Listen without interrupting')
    partner.doc.getArray<string>('cards').push(['I felt unheard on Sunday'])
    partner.doc.getText('notes').insert(0, 'shared note')

    await waitForDoc(
      partner.doc,
      () => partner.doc.getMap('goals').get('g1') === 'Listen without interrupting',
      'the goal',
    )
    await waitForDoc(therapist.doc, () => therapist.doc.getArray('cards').length === 1, 'the card')
    await waitForDoc(
      therapist.doc,
      () => therapist.doc.getText('notes').toString() === 'shared note',
      'the note',
    )
    expect(therapist.doc.getArray('cards').toArray()).toEqual(['I felt unheard on Sunday'])
  })

  it('gives someone who joins late everything written before', async () => {
    const server = await startTestServer(cleanup)
    const first = connectClient(cleanup, server.url, 'session-late')
    const witness = connectClient(cleanup, server.url, 'session-late')
    await Promise.all([waitSynced(first), waitSynced(witness)])
    for (let i = 0; i < 50; i++) first.doc.getMap('cards').set(`card-${i}`, i)
    first.doc.getText('title').insert(0, 'Week 3')
    // The witness receiving everything means the server has stored and accepted it.
    await waitForDoc(
      witness.doc,
      () => witness.doc.getText('title').toString() === 'Week 3',
      'the title at the witness',
    )

    const late = connectClient(cleanup, server.url, 'session-late')
    await waitSynced(late)
    await waitForDoc(late.doc, () => late.doc.getMap('cards').size === 50, 'all cards at the late joiner')
    expect(late.doc.getText('title').toString()).toBe('Week 3')
    expect(late.doc.getMap('cards').toJSON()).toEqual(first.doc.getMap('cards').toJSON())
  })

  it('removes the cursor of someone who drops off at once, not after the 30 s awareness timeout', async () => {
    const server = await startTestServer(cleanup)
    const leaving = connectClient(cleanup, server.url, 'session-awareness')
    const staying = connectClient(cleanup, server.url, 'session-awareness')
    await Promise.all([waitSynced(leaving), waitSynced(staying)])
    leaving.provider.awareness.setLocalStateField('user', { name: 'A', role: 'partnerA', color: '#aa3300' })
    const leavingId = leaving.doc.clientID
    const seen = () => staying.provider.awareness.getStates().has(leavingId)
    await withTimeout(
      new Promise<void>((resolve) => {
        if (seen()) resolve()
        staying.provider.awareness.on('change', () => seen() && resolve())
      }),
      5_000,
      'the cursor to appear',
    )

    // Drop the socket without the client's goodbye (no awareness null), as a closed laptop lid would.
    const startedAt = Date.now()
    leaving.provider.shouldConnect = false
    ;(leaving.provider.ws as unknown as { terminate: () => void }).terminate()
    await withTimeout(
      new Promise<void>((resolve) => {
        if (!seen()) resolve()
        staying.provider.awareness.on('change', () => !seen() && resolve())
      }),
      5_000,
      'the cursor to disappear',
    )
    expect(Date.now() - startedAt).toBeLessThan(5_000)
    expect(staying.provider.wsconnected).toBe(true)
  })
})
