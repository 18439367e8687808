import { expect, test } from '@playwright/test'
import {
  addGoal,
  createSessionWithLinks,
  endSessionFromBoard,
  expectCleanAndClose,
  expectLive,
  goal,
  goalsSection,
  joinAsPartner,
  joinThroughLink,
  linkField,
  newPerson,
  openGoal,
  presence,
  sessionCard,
  showPart,
  signUpTherapist,
} from './board.ts'
import type { Person } from './board.ts'
import { REFUSED_CLOSE, attemptRawGoal } from './rawWrite.ts'

const ENDED = 'This session has ended; the board is read-only.'
const OBSERVING = 'You are observing; the board is read-only.'

test.describe('access: accounts, links, roles and the end of a session', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('a therapist invites two partners and an observer, ends the session and reopens it', async ({
    browser,
    baseURL,
  }) => {
    const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera', clipboard: true })
    people = [therapist]
    const t = therapist.page
    await signUpTherapist(t)
    const title = 'Week 5 · review'
    const links = await createSessionWithLinks(t, { title, partnerAName: 'Maya', partnerBName: 'Sam' })

    // The Copy button puts the link on the clipboard and says so.
    const card = sessionCard(t, title)
    await card.getByRole('button', { name: 'Copy Partner A link' }).click()
    await expect(card.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible()
    expect(await t.evaluate(() => navigator.clipboard.readText())).toBe(links.partnerALink)
    await card.getByRole('button', { name: 'Copy Partner B link' }).click()
    expect(await t.evaluate(() => navigator.clipboard.readText())).toBe(links.partnerBLink)
    expect(links.partnerALink).toMatch(new RegExp(`^${baseURL}/join\\?token=`))

    const partnerA = await newPerson(browser, baseURL!, { name: 'Maya' })
    const partnerB = await newPerson(browser, baseURL!, { name: 'Sam' })
    const observer = await newPerson(browser, baseURL!, { name: 'Dr. Lee' })
    people.push(partnerA, partnerB, observer)
    // The link says which session it is for before anyone joins.
    await partnerA.page.goto(links.partnerALink)
    await expect(partnerA.page.getByText(title, { exact: true })).toBeVisible()
    await joinAsPartner(partnerA.page, links.partnerALink, 'Maya')
    await joinAsPartner(partnerB.page, links.partnerBLink, 'Sam')
    await joinThroughLink(observer.page, links.observerLink, 'Dr. Lee')
    // The board knows each person by the name they gave, from the server rather than the browser.
    await expect(observer.page.getByText('Dr. Lee', { exact: true }).first()).toBeVisible()

    // The dashboard lists the session as live, with who is there.
    await t.getByRole('button', { name: 'Refresh the list of sessions' }).click()
    const live = t.getByRole('region', { name: /Live now/ })
    await expect(sessionCard(live, title)).toContainText('Partner A')
    await expect(sessionCard(live, title)).toContainText('Observer')
    // An observer's link says how many people it lets in, and how many came.
    await expect(sessionCard(live, title)).toContainText('Admits one person; one has joined with it')

    await card.getByRole('link', { name: `Open board: ${title}`, exact: true }).click()
    await expectLive(t)
    for (const person of people) await expect(presence(person.page)).toHaveCount(4)
    await expect(presence(partnerA.page).filter({ hasText: 'Dr. Lee' })).toContainText('Observer')

    // The observer reads along but has no way to change anything…
    const o = observer.page
    await expect(o.getByText(OBSERVING)).toBeVisible()
    // The therapist opens the goals, and everyone who follows (the observer too) sees them.
    await showPart(t, 'Goals')
    await expect(goalsSection(o)).toBeVisible()
    await expect(goalsSection(o).getByLabel('New goal')).toHaveCount(0)
    await expect(o.getByRole('button', { name: /^Drag card|^Add card/ })).toHaveCount(0)
    await expect(o.getByRole('button', { name: 'End session' })).toHaveCount(0)
    // …and the server refuses a write sent around the UI; nobody sees it.
    const attempt = await attemptRawGoal(o, baseURL!, links.sessionId, 'Written by the observer')
    expect(attempt.refusal?.code).toBe('read_only')
    expect(attempt.closeCode).toBe(REFUSED_CLOSE)

    const title1 = 'A screen-free hour on Sunday'
    await addGoal(partnerA.page, title1)
    for (const person of people) await expect(goal(person.page, title1)).toBeVisible()
    await expect(goal(t, 'Written by the observer')).toHaveCount(0)

    // The therapist ends the session: both partners' boards turn read-only at once, without a reload.
    await endSessionFromBoard(t)
    for (const partner of [partnerA, partnerB]) {
      const p = partner.page
      await expect(p.getByText(ENDED)).toBeVisible()
      await expect(goalsSection(p).getByLabel('New goal')).toHaveCount(0)
      await expect(p.getByRole('button', { name: /^Drag card/ })).toHaveCount(0)
    }
    await openGoal(partnerA.page, title1)
    await expect(goal(partnerA.page, title1).getByLabel('Maya agrees to this goal')).toBeDisabled()
    await expect(goal(partnerA.page, title1).getByLabel('Goal title')).toBeDisabled()
    await expect(t.getByText(/The partners’ boards are read-only until you reopen it/)).toBeVisible()
    await expect(goalsSection(t).getByLabel('New goal')).toBeVisible()

    // Reopening gives the partners their controls back.
    await t.getByRole('button', { name: 'Reopen session' }).click()
    await expect(partnerA.page.getByText(ENDED)).toHaveCount(0)
    await expect(goal(partnerA.page, title1).getByLabel('Maya agrees to this goal')).toBeEnabled()
    await goal(partnerA.page, title1).getByLabel('Maya agrees to this goal').check()
    const title2 = 'Ask before borrowing the car'
    await addGoal(partnerB.page, title2)
    await expect(goal(partnerA.page, title2)).toBeVisible()
    await expect(o.getByText(OBSERVING)).toBeVisible()

    // The audit trail shows the refused write and the end; it downloads as CSV.
    await t.getByRole('link', { name: 'Audit trail' }).click()
    const table = t.getByRole('table')
    await expect(table).toContainText('Change refused')
    await expect(table).toContainText('read_only')
    await expect(table).toContainText('Session ended')
    await expect(table).toContainText('Session reopened')
    const download = t.waitForEvent('download')
    await t.getByRole('link', { name: 'Download as CSV' }).click()
    expect((await download).suggestedFilename()).toBe(`audit-${links.sessionId}.csv`)
  })

  test('withdrawn and broken links say so; the board without a link asks for one', async ({
    browser,
    baseURL,
  }) => {
    const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera' })
    const t = therapist.page
    await signUpTherapist(t)
    const title = 'Week 6'
    const links = await createSessionWithLinks(t, { title, partnerAName: 'Ana', partnerBName: 'Ben' })
    const card = sessionCard(t, title)
    await card.getByRole('button', { name: 'New link for Partner A' }).click()
    await expect(linkField(t, title, 'Partner A link')).not.toHaveValue(links.partnerALink)

    const visitor = await newPerson(browser, baseURL!, { name: 'Visitor' })
    const v = visitor.page
    await v.goto(links.partnerALink)
    await expect(v.getByRole('heading', { name: 'This link is no longer active' })).toBeVisible()
    await v.goto('/join?token=not-a-real-invitation-token')
    await expect(v.getByRole('heading', { name: 'This link does not work' })).toBeVisible()
    await v.goto(`/s/${links.sessionId}`)
    await expect(v.getByText('Ask your therapist for your link.')).toBeVisible()
    await expect(v.getByRole('link', { name: 'sign in' })).toHaveAttribute('href', /\/sign-in\?next=/)

    // Partner B's link still works; withdrawing it later closes that board.
    await joinThroughLink(v, links.partnerBLink, 'Ben')
    await card.getByRole('button', { name: 'Withdraw Partner B link' }).click()
    await expect(v.getByRole('heading', { name: 'The board was closed' })).toBeVisible()
    await expect(v.getByText('Please ask your therapist for a new link.')).toBeVisible()

    // Errors here are the expected 4xx answers; only the origin of every request is checked.
    for (const person of [therapist, visitor]) {
      expect(person.foreignRequests).toEqual([])
      await person.context.close()
    }
  })

  test('sign-in errors, and a signed-out therapist is sent back to sign in', async ({ browser, baseURL }) => {
    const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera' })
    const t = therapist.page
    const email = await signUpTherapist(t)

    // Once signed out (here: the cookie is gone, as after the idle log-off), the next call says why.
    await therapist.context.clearCookies()
    await t.getByRole('button', { name: 'Refresh the list of sessions' }).click()
    await expect(t).toHaveURL(/\/sign-in\?reason=idle/)
    await expect(t.getByText('You were signed out after a period of inactivity')).toBeVisible()

    await t.getByLabel('Email address').fill(email)
    await t.getByLabel('Password').fill('not the password at all')
    await t.getByRole('button', { name: 'Sign in' }).click()
    await expect(t.getByRole('alert')).toHaveText('That email and password do not match an account.')

    await t.getByLabel('Password').fill('a calm and long password')
    await t.getByRole('button', { name: 'Sign in' }).click()
    await expect(t.getByRole('heading', { name: 'Your sessions' })).toBeVisible()
    await therapist.context.close()
  })

  // Last in this file: the failed attempts lock sign-in from this address for the rest of the window.
  test('too many failed sign-ins are refused with the wait', async ({ browser, baseURL }) => {
    const visitor = await newPerson(browser, baseURL!, { name: 'Visitor' })
    const v = visitor.page
    await v.goto('/sign-in')
    await v.getByLabel('Email address').fill('nobody@clinic.test')
    await v.getByLabel('Password').fill('a wrong password')
    for (let attempt = 0; attempt < 7; attempt++) {
      await v.getByRole('button', { name: 'Sign in' }).click()
      await expect(v.getByRole('button', { name: 'Sign in' })).toBeEnabled()
      if (/Too many/.test((await v.getByRole('alert').textContent()) ?? '')) break
    }
    await expect(v.getByRole('alert')).toHaveText(
      /^Too many failed sign-ins\. Please wait \d+ minutes? and try again\.$/,
    )
    await visitor.context.close()
  })
})
