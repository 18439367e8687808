import { addGoal, startHuddle, updateGoal } from '@session-board/board'
import type { RunningServer } from '../../src/server.ts'
import { afterEach, describe, expect, it } from 'vitest'
import { createCleanup, makeTempDir, spawnServer, waitForDoc, withTimeout } from '../helpers.ts'
import { Browser, TEST_SECRET, openRoom } from './people.ts'
import { RawPeer } from './rawPeer.ts'

const cleanup = createCleanup()
afterEach(() => cleanup.run())

// Distinctive strings that must never reach the logs.
const phi = {
  email: 'zelda.quartermaine@clinic-phi.test',
  password: 'correct horse battery staple phi',
  therapistName: 'Dr. Ophelia Xanthopoulos',
  title: 'Quillfeather couple, week nine',
  partnerAName: 'Marisol Quillfeather',
  partnerBName: 'Thaddeus Quillfeather',
  goal: 'Zephyr walk by the canal every Thursday',
  goalDetail: 'Twenty minutes, phones in the drawer, no talk about the mortgage',
}

describe('no PHI in server logs', () => {
  it('logs ids, sizes and codes, never names, emails or goal text, at the most verbose level', async () => {
    const server = await spawnServer(cleanup, {
      DATA_DIR: await makeTempDir(cleanup),
      SYNC_OPEN_ACCESS: '0',
      LOG_LEVEL: 'debug',
      BOARD_SECRET: TEST_SECRET,
    })
    // openRoom drives the API like a browser; it needs only the URL.
    const asServer = { url: server.url } as RunningServer
    const signUp = await new Browser(server.url).request('POST', '/api/auth/sign-up', {
      email: phi.email,
      password: phi.password,
      displayName: phi.therapistName,
    })
    expect(signUp.status).toBe(201)
    await new Browser(server.url).request('POST', '/api/auth/sign-in', {
      email: phi.email,
      password: 'wrong password',
    })
    await new Browser(server.url).request('POST', '/api/auth/sign-up', {
      email: phi.email,
      password: 'x',
      displayName: phi.therapistName,
    })
    const room = await openRoom(asServer, {
      title: phi.title,
      partnerAName: phi.partnerAName,
      partnerBName: phi.partnerBName,
    })
    const partnerA = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerA.token())
    const partnerB = await RawPeer.join(cleanup, server.url, room.sessionId, await room.partnerB.token())
    let goalId = ''
    partnerA.write((doc) => {
      goalId = addGoal(doc, { title: phi.goal })
    })
    await waitForDoc(partnerB.doc, () => partnerB.doc.getMap('goals').has(goalId), 'the goal at B')
    partnerB.write((doc) => updateGoal(doc, goalId, { specific: phi.goalDetail }))
    // A refused write (with the goal text in it) is logged too, by code only.
    partnerB.write((doc) => {
      updateGoal(doc, goalId, { title: `${phi.goal} (refused)` })
      startHuddle(doc)
    })
    await withTimeout(partnerB.closed, 5_000, 'the refusal')
    await room.therapist.browser.json('POST', `/api/sessions/${room.sessionId}/end`)
    await room.therapist.browser.request('GET', `/api/audit/${room.sessionId}/export.csv`)

    server.child.kill('SIGTERM')
    await withTimeout(server.exited, 10_000, 'the server to stop')
    const output = server.output()
    expect(output).toContain('sync.update_refused')
    for (const [what, text] of Object.entries(phi)) {
      expect(output.includes(text), `the log contains the ${what}`).toBe(false)
    }
    for (const name of ['Quillfeather', 'Xanthopoulos', 'zelda', 'Zephyr', 'mortgage']) {
      expect(output.toLowerCase()).not.toContain(name.toLowerCase())
    }
  })
})
