import { expect, test } from '@playwright/test'
import {
  addCard,
  addGoal,
  cardTexts,
  expectCleanAndClose,
  goal,
  goalsSection,
  moveCardWithMenu,
  openGoal,
  openRoom,
  redoButton,
  undoButton,
} from './board.ts'
import type { Person } from './board.ts'

test.describe('undo and redo per person', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('undo reverts only my own change, for everyone', async ({ browser, baseURL }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]

    await addGoal(therapist.page, 'Evening walk')
    await addCard(therapist.page, 'Keep', 'Phones away at dinner')
    for (const person of people) {
      await expect(goal(person.page, 'Evening walk')).toBeVisible()
      await expect.poll(() => cardTexts(person.page, 'Keep')).toEqual(['Phones away at dinner'])
    }
    // Nothing of partner A's own to undo yet: the therapist's changes are not theirs.
    await expect(undoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'true')
    await expect(redoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'true')

    // Partner A renames the goal; partner B moves the card with the Move menu.
    await openGoal(partnerA.page, 'Evening walk')
    await goal(partnerA.page, 'Evening walk').getByLabel('Goal title').fill('Morning stretch')
    for (const person of people) await expect(goal(person.page, 'Morning stretch')).toBeVisible()
    await moveCardWithMenu(partnerB.page, 'Keep', 'Phones away at dinner', 'Stop')
    for (const person of people) {
      await expect.poll(() => cardTexts(person.page, 'Stop')).toEqual(['Phones away at dinner'])
    }

    // Partner A's undo brings the old title back for everyone; partner B's move stays.
    await expect(undoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'false')
    await undoButton(partnerA.page).click()
    for (const person of people) {
      await expect(goal(person.page, 'Evening walk')).toBeVisible()
      await expect(goal(person.page, 'Morning stretch')).toHaveCount(0)
      await expect.poll(() => cardTexts(person.page, 'Stop')).toEqual(['Phones away at dinner'])
    }
    await expect(undoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'true')

    // Redo from the keyboard, with focus outside any text field.
    await partnerA.page.keyboard.press('ControlOrMeta+Shift+KeyZ')
    for (const person of people) await expect(goal(person.page, 'Morning stretch')).toBeVisible()

    // Partner B's undo takes back their own move, and leaves partner A's title alone.
    await undoButton(partnerB.page).click()
    for (const person of people) {
      await expect.poll(() => cardTexts(person.page, 'Keep')).toEqual(['Phones away at dinner'])
      await expect(goal(person.page, 'Morning stretch')).toBeVisible()
    }

    // Inside a text field the browser's own text undo applies: the board's redo does not run.
    await goalsSection(partnerB.page).getByLabel('New goal').focus()
    await partnerB.page.keyboard.press('ControlOrMeta+Shift+KeyZ')
    await expect(redoButton(partnerB.page)).toHaveAttribute('aria-disabled', 'false')
    await expect.poll(() => cardTexts(partnerB.page, 'Keep')).toEqual(['Phones away at dinner'])
  })
})
