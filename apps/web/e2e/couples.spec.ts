import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import {
  canvasStage,
  cardEditor,
  endSessionFromBoard,
  expectCanvasReady,
  expectCleanAndClose,
  expectLive,
  goal,
  goalsSection,
  newPerson,
  openGoal,
  PHONE,
  showPart,
  signUpTherapist,
} from './board.ts'
import type { Person } from './board.ts'
import {
  addCouple,
  addVirtualAuthenticator,
  expectNoSeriousViolations,
  joinCouple,
  makePartnerLink,
  partnerAccess,
  planGoal,
  sessionsPanel,
  startNextSession,
} from './couples.ts'

const screenshots = new URL('./screenshots/', import.meta.url).pathname
const DESKTOP = { width: 1440, height: 900 }
const GOAL = 'A calm evening routine'
const STEPS = ['Agree on a wind-down hour', 'One screen-free evening a week']

test.describe('the couple as the unit of care', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('a plan agreed in one session is there in the next, and a partner updates it from her phone between sessions', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000)
    mkdirSync(screenshots, { recursive: true })
    // Passkeys belong to a domain, and an IP address is none: everyone opens the app as localhost.
    const site = baseURL!.replace('127.0.0.1', 'localhost')
    const therapist = await newPerson(browser, site, { name: 'Dr. Rivera', viewport: DESKTOP })
    const partnerA = await newPerson(browser, site, { name: 'Maya' })
    const partnerB = await newPerson(browser, site, { name: 'Sam' })
    people = [therapist, partnerA, partnerB]
    const t = therapist.page
    const a = partnerA.page
    const b = partnerB.page

    // The caseload: the therapist adds a couple and lands on the couple's page.
    await signUpTherapist(t)
    await expect(t.getByRole('heading', { level: 1 })).toHaveText('Your couples')
    const coupleId = await addCouple(t, {
      partnerAName: 'Maya',
      partnerBName: 'Sam',
      programStart: '2026-09-01',
      phase: 'Skill adoption',
    })
    await expect(t.getByText('Program started')).toContainText('2026')
    const mayaLink = await makePartnerLink(t, 'Maya')
    const samLink = await makePartnerLink(t, 'Sam')
    // In another tab, the therapist shows Maya's link again: the same link, not a new one.
    const otherTab = await t.context().newPage()
    await otherTab.goto(t.url())
    await partnerAccess(otherTab).getByRole('button', { name: 'Show Maya’s link again' }).click()
    await expect(
      partnerAccess(otherTab).getByRole('textbox', { name: 'Maya’s link', exact: true }),
    ).toHaveValue(mayaLink)
    await otherTab.close()

    // Session 1: started in one click; both partners join with their links, Maya's phone keeps a passkey.
    const session1 = await startNextSession(t)
    await addVirtualAuthenticator(a)
    await joinCouple(a, mayaLink, 'Maya', { passkey: true })
    await joinCouple(b, samLink, 'Sam', { passkey: false })

    // They agree a goal with two stepping stones: both say yes.
    await expectCanvasReady(a)
    await a.getByRole('button', { name: 'New goal card' }).click()
    await cardEditor(a).getByLabel('Goal title').fill(GOAL)
    await cardEditor(a).getByRole('button', { name: /^Done/ }).click()
    await a.getByRole('button', { name: 'Stepping stones' }).click()
    for (const step of STEPS) {
      await cardEditor(a).getByLabel('Next small step').fill(step)
      await cardEditor(a).getByRole('button', { name: 'Add step' }).click()
    }
    await cardEditor(a).getByRole('button', { name: /^Done/ }).click()
    await showPart(a, 'Goals')
    await openGoal(a, GOAL)
    await goal(a, GOAL).getByLabel('Maya agrees to this goal').check()
    await showPart(b, 'Goals')
    await openGoal(b, GOAL)
    await goal(b, GOAL).getByLabel('Sam agrees to this goal').check()
    await showPart(t, 'Goals')
    await expect(goal(t, GOAL).getByText('Agreed', { exact: true })).toBeVisible()
    await expectNoSeriousViolations(t, 'The goals')
    // The canvas, tldraw's style panel included (its opacity slider is named by the canvas).
    await expectCanvasReady(t)
    await expectNoSeriousViolations(t, 'The goal canvas')

    // The therapist ends session 1 and goes back to the couple's page.
    await endSessionFromBoard(t)
    await t
      .getByRole('navigation', { name: 'Session' })
      .getByRole('link', { name: 'The couple’s page' })
      .click()
    await expect(t).toHaveURL(new RegExp(`/couples/${coupleId}$`))
    const past = sessionsPanel(t).getByRole('region', { name: 'Past sessions' })
    await expect(past.getByRole('link', { name: 'Open board: Session 1', exact: true })).toHaveAttribute(
      'href',
      `/s/${session1}`,
    )

    // Session 2, from the couple's page: the goal, both yeses and the stepping stones are on its board.
    const session2 = await startNextSession(t)
    expect(session2).not.toBe(session1)
    await showPart(t, 'Goals')
    await expect(goal(t, GOAL).getByText('Agreed', { exact: true })).toBeVisible()
    await openGoal(t, GOAL)
    await expect(goal(t, GOAL).getByLabel('Maya agrees to this goal')).toBeChecked()
    await expect(goal(t, GOAL).getByLabel('Sam agrees to this goal')).toBeChecked()
    await expectCanvasReady(t)
    await t.getByRole('button', { name: 'Show everything' }).click()
    const stones = canvasStage(t).getByRole('article', { name: `Stepping stones toward: ${GOAL}` })
    await expect(stones.locator('.stone__title')).toHaveText([...STEPS, GOAL])
    // Sam, still on session 1's ended board, finds the new session from his own plan page.
    await b.goto('/plan')
    await b.getByRole('link', { name: 'Join the live session' }).click()
    await expect(b).toHaveURL(new RegExp(`/s/${session2}$`))
    await expectLive(b)
    await showPart(b, 'Goals')
    await expect(goalsSection(b).getByRole('article', { name: GOAL })).toBeVisible()
    await endSessionFromBoard(t)

    // The caseload lists the couple, which leads to the couple's page, whose plan is live.
    await t.goto('/dashboard')
    const listed = t.getByRole('list', { name: 'Couples' }).getByRole('article', { name: 'Maya & Sam' })
    await expect(listed).toContainText('Skill adoption')
    await expect(listed).toContainText('2 sessions so far')
    await expectNoSeriousViolations(t, 'The caseload')
    await t.screenshot({ path: `${screenshots}caseload-desktop.png` })
    await listed.getByRole('link', { name: 'Maya & Sam' }).click()
    await expect(t).toHaveURL(new RegExp(`/couples/${coupleId}$`))
    await expect(planGoal(t, GOAL)).toContainText('Agreed')
    await expect(
      planGoal(t, GOAL).getByRole('article', { name: `Stepping stone: ${STEPS[0]}` }),
    ).toContainText('Planned')
    await expectNoSeriousViolations(t, 'The couple’s page')
    await t.screenshot({ path: `${screenshots}couple-page-desktop.png` })

    // Days later: Maya's sign-in has lapsed. She opens /plan with no link and signs in with her passkey.
    await partnerA.context.clearCookies()
    await a.setViewportSize(PHONE)
    await a.goto('/plan')
    await expect(a.getByRole('heading', { name: 'Your plan together' })).toBeVisible()
    await expect(a.getByText('The personal link your therapist sent you works too')).toBeVisible()
    await a.screenshot({ path: `${screenshots}plan-sign-in-phone.png` })
    await a.getByRole('button', { name: 'Sign in with your passkey' }).click()
    const stone = planGoal(a, GOAL).getByRole('group', { name: STEPS[0] })
    await expect(stone).toBeVisible()
    await expect(planGoal(a, GOAL).getByLabel('I agree to this goal as it is written')).toBeChecked()
    await stone.getByLabel('Status').selectOption({ label: 'Done' })
    await stone.getByLabel('What you did').fill('We settled on 10 pm, and kept it four nights.')
    await expect(stone.getByRole('status')).toHaveText(/Saved/)
    await a.screenshot({ path: `${screenshots}plan-partner-phone.png`, fullPage: true })
    // The page asked who this device was before she signed in: the browser logs that 401, and only that.
    const unauthorized = partnerA.consoleErrors.filter((text) => text.includes('status of 401'))
    expect(unauthorized).toHaveLength(1)
    partnerA.consoleErrors.splice(
      0,
      partnerA.consoleErrors.length,
      ...partnerA.consoleErrors.filter((text) => !unauthorized.includes(text)),
    )

    // The therapist sees it on the couple's page as it happens, without reloading.
    const followed = planGoal(t, GOAL).getByRole('article', { name: `Stepping stone: ${STEPS[0]}` })
    await expect(followed).toContainText('Done')
    await expect(followed).toContainText('We settled on 10 pm, and kept it four nights.')
    await followed.scrollIntoViewIfNeeded()
    await t.screenshot({ path: `${screenshots}couple-page-plan-desktop.png` })
  })

  test('a planned session waits on its board until the therapist starts it; withdrawing access closes a partner’s board', async ({
    browser,
    baseURL,
  }) => {
    const site = baseURL!.replace('127.0.0.1', 'localhost')
    const therapist = await newPerson(browser, site, { name: 'Dr. Rivera', viewport: DESKTOP })
    const partnerA = await newPerson(browser, site, { name: 'Ana' })
    people = [therapist, partnerA]
    const t = therapist.page
    const a = partnerA.page
    await signUpTherapist(t)
    await addCouple(t, {
      partnerAName: 'Ana',
      partnerBName: 'Ben',
      programStart: '2026-10-05',
      phase: 'Intake',
    })

    // The couple's details are corrected on their page.
    await t.getByRole('button', { name: 'Change names, start or phase' }).click()
    const details = t.getByRole('form', { name: 'The couple’s details' })
    await details.getByLabel('Partner B’s name').fill('Benjamin')
    await details.getByLabel('Phase').selectOption({ label: 'Stabilization' })
    await details.getByRole('button', { name: 'Save changes' }).click()
    await expect(t.getByRole('heading', { level: 1 })).toHaveText('Ana & Benjamin')
    await expect(t.locator('.couple-head__facts').getByText('Stabilization', { exact: true })).toBeVisible()

    // A session planned for later is listed, not started.
    await sessionsPanel(t).getByRole('button', { name: 'Plan a session for later' }).click()
    await sessionsPanel(t).getByLabel('Title (optional)').fill('First meeting')
    await sessionsPanel(t).getByLabel('Planned for').fill('2026-10-12T18:00')
    await sessionsPanel(t).getByRole('button', { name: 'Plan the session' }).click()
    const planned = sessionsPanel(t).getByRole('region', { name: 'Planned' })
    await expect(planned).toContainText('First meeting')
    await expect(planned.getByRole('button', { name: 'Start now: First meeting', exact: true })).toBeVisible()

    // Ana joins before it starts: her link leads to her plan. The session's own board says it has not
    // started and points back to her plan.
    const anaLink = await makePartnerLink(t, 'Ana')
    await joinCouple(a, anaLink, 'Ana', { passkey: false })
    await expect(a).toHaveURL(/\/plan$/)
    const plannedBoard = planned.getByRole('link', { name: 'Open board: First meeting', exact: true })
    await a.goto((await plannedBoard.getAttribute('href'))!)
    await expectLive(a)
    await expect(a.getByText('This session has not started yet')).toBeVisible()
    await expect(a.getByRole('link', { name: 'your own plan page' })).toHaveAttribute('href', '/plan')
    await showPart(a, 'Goals')
    await expect(goalsSection(a)).toBeVisible()
    await expect(goalsSection(a).getByLabel('New goal')).toHaveCount(0)

    // The therapist opens it from the couple's page and starts it there: Ana's board opens for changes.
    await plannedBoard.click()
    await expectLive(t)
    await expect(t.getByText('This session has not started yet')).toBeVisible()
    await t
      .getByRole('navigation', { name: 'Session' })
      .getByRole('button', { name: 'Start this session' })
      .click()
    await expect(goalsSection(a).getByLabel('New goal')).toBeVisible()
    await expect(a.getByText('This session has not started yet')).toHaveCount(0)
    await expect(
      t.getByRole('navigation', { name: 'Session' }).getByRole('button', { name: 'End session' }),
    ).toBeVisible()

    // Withdrawing Ana's access, after a confirmation, closes her board at once.
    await t
      .getByRole('navigation', { name: 'Session' })
      .getByRole('link', { name: 'The couple’s page' })
      .click()
    await partnerAccess(t).getByRole('button', { name: 'Withdraw access on all devices for Ana' }).click()
    const dialog = t.getByRole('dialog', { name: 'Withdraw Ana’s access?' })
    await expect(dialog).toContainText('stops working at once')
    await dialog.getByRole('button', { name: 'Withdraw access' }).click()
    await expect(dialog).toBeHidden()
    await expect(a.getByRole('heading', { name: 'The board was closed' })).toBeVisible()
    await expect(
      partnerAccess(t).getByRole('button', { name: /^Withdraw access on all devices/ }),
    ).toHaveCount(0)
  })
})
