import { expect, test } from '@playwright/test'
import {
  addGoal,
  expectCleanAndClose,
  expectLive,
  goal,
  goalsSection,
  openGoal,
  openRoom,
  presence,
  showPart,
} from './board.ts'
import type { Person } from './board.ts'

test.describe('three people on one board', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('presence, live goals, consent and a reload', async ({ browser, baseURL }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]

    // Everyone sees everyone, and themselves marked; the roles come from the server, not a picker.
    for (const person of people) {
      await expect(presence(person.page)).toHaveCount(3)
      for (const name of ['Dr. Rivera', 'Maya', 'Sam']) {
        await expect(presence(person.page).filter({ hasText: name })).toBeVisible()
      }
      await expect(presence(person.page).filter({ hasText: person.name })).toContainText('(you)')
    }
    await expect(presence(therapist.page).filter({ hasText: 'Maya' })).toContainText('Partner A')
    await expect(presence(partnerA.page).filter({ hasText: 'Dr. Rivera' })).toContainText('Therapist')

    // The names belong to the couple: the therapist changes one on the couple's page, in another tab,
    // and every board shows it at once, as text; nobody edits names on the board.
    const couplePage = await therapist.page.context().newPage()
    await couplePage.goto(
      (await therapist.page.getByRole('link', { name: 'The couple’s page' }).getAttribute('href')) ?? '',
    )
    await couplePage.getByRole('button', { name: 'Change names, start or phase' }).click()
    await couplePage.getByLabel('Partner A’s name').fill('Maya R.')
    await couplePage.getByRole('button', { name: 'Save changes' }).click()
    await expect(partnerB.page.getByRole('banner')).toContainText('Maya R. & Sam')
    await expect(therapist.page.getByRole('banner')).toContainText('Maya R. & Sam')
    for (const page of [therapist.page, partnerB.page])
      await expect(page.getByLabel('Partner A name')).toHaveCount(0)
    await expect(partnerB.page.getByRole('button', { name: 'Rename session' })).toHaveCount(0)
    await couplePage.getByRole('button', { name: 'Change names, start or phase' }).click()
    await couplePage.getByLabel('Partner A’s name').fill('Maya')
    await couplePage.getByRole('button', { name: 'Save changes' }).click()
    await expect(partnerB.page.getByRole('banner')).not.toContainText('Maya R.')
    await couplePage.close()

    // Partner A adds a goal: it shows for the other two.
    const title = 'Ten-minute walk after dinner'
    await addGoal(partnerA.page, title)
    // The therapist opens the goals, and Sam, who follows, is taken there too.
    await showPart(therapist.page, 'Goals')
    for (const person of [therapist, partnerB]) await expect(goal(person.page, title)).toBeVisible()
    await expect(goal(therapist.page, title)).toContainText('Not yet agreed')

    // Typing in one form appears live in another.
    await openGoal(partnerB.page, title)
    await openGoal(therapist.page, title)
    await goal(partnerB.page, title)
      .getByLabel('Specific')
      .pressSequentially('Both of us, Mon/Wed/Fri, around the block')
    await expect(goal(therapist.page, title).getByLabel('Specific')).toHaveValue(
      'Both of us, Mon/Wed/Fri, around the block',
    )

    // Each partner consents for themselves only; 'Agreed' shows for everyone once both did.
    await openGoal(partnerA.page, title)
    await expect(goal(partnerB.page, title).getByLabel('Maya agrees to this goal')).toBeDisabled()
    await goal(partnerA.page, title).getByLabel('Maya agrees to this goal').check()
    await goal(partnerB.page, title).getByLabel('Sam agrees to this goal').check()
    for (const person of people)
      await expect(goal(person.page, title).getByText('Agreed', { exact: true })).toBeVisible()

    // A change of wording asks both partners again.
    await goal(therapist.page, title)
      .getByLabel('Measurable')
      .fill('Three walks a week, ticked on the tracker')
    await expect(goal(partnerA.page, title).getByText('Not yet agreed')).toBeVisible()
    await expect(goal(partnerA.page, title).getByLabel('Maya agrees to this goal')).not.toBeChecked()

    // A reload keeps everything and does not ask for the name again.
    await partnerB.page.reload()
    await expectLive(partnerB.page)
    await expect(goal(partnerB.page, title)).toBeVisible()
    await openGoal(partnerB.page, title)
    await expect(goal(partnerB.page, title).getByLabel('Measurable')).toHaveValue(
      'Three walks a week, ticked on the tracker',
    )
    await expect(partnerB.page.getByRole('banner')).toContainText('Maya & Sam')
    await expect(presence(partnerB.page).filter({ hasText: 'Sam' })).toContainText('(you)')
    await expect(presence(therapist.page)).toHaveCount(3)
    await expect(goalsSection(partnerB.page)).toBeVisible()
  })

  test('changes made offline are counted, then sent on reconnect', async ({ browser, baseURL }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]

    await partnerA.context.setOffline(true)
    await expect(partnerA.page.getByRole('status').filter({ hasText: 'Connection:' })).toHaveText(/Offline/)
    await addGoal(partnerA.page, 'Phone-free breakfast')
    await expect(partnerA.page.getByText('1 change kept on this device')).toBeVisible()

    await partnerA.context.setOffline(false)
    await expect(partnerA.page.getByRole('status').filter({ hasText: 'Connection:' })).toHaveText(
      /Reconnected|Live/,
    )
    await expect(partnerA.page.getByText(/kept on this device/)).toHaveCount(0)
    await showPart(therapist.page, 'Goals')
    await expect(goal(therapist.page, 'Phone-free breakfast')).toBeVisible()
  })
})
