import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
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
  showPart,
  undoButton,
} from './board.ts'
import type { ColumnName, Person } from './board.ts'

test.describe('undo and redo per person', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('undo reverts only my own change, for everyone', async ({ browser, baseURL }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]

    // One part of the board at a time: each check opens the part it reads.
    const seesGoal = async (page: Page, title: string) => {
      await showPart(page, 'Goals')
      await expect(goal(page, title)).toBeVisible()
    }
    const seesCards = async (page: Page, name: ColumnName, texts: string[]) => {
      await showPart(page, 'Review board')
      await expect.poll(() => cardTexts(page, name)).toEqual(texts)
    }

    await addGoal(therapist.page, 'Evening walk')
    await addCard(therapist.page, 'Keep', 'Phones away at dinner')
    for (const person of people) {
      await seesGoal(person.page, 'Evening walk')
      await seesCards(person.page, 'Keep', ['Phones away at dinner'])
    }
    // Nothing of partner A's own to undo yet: the therapist's changes are not theirs.
    await expect(undoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'true')
    await expect(redoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'true')

    // Partner A renames the goal; partner B moves the card with the Move menu.
    await showPart(partnerA.page, 'Goals')
    await openGoal(partnerA.page, 'Evening walk')
    await goal(partnerA.page, 'Evening walk').getByLabel('Goal title').fill('Morning stretch')
    for (const person of people) await seesGoal(person.page, 'Morning stretch')
    await showPart(partnerB.page, 'Review board')
    await moveCardWithMenu(partnerB.page, 'Keep', 'Phones away at dinner', 'Stop')
    for (const person of people) await seesCards(person.page, 'Stop', ['Phones away at dinner'])

    // Partner A's undo brings the old title back for everyone; partner B's move stays.
    await expect(undoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'false')
    await undoButton(partnerA.page).click()
    for (const person of people) {
      await seesGoal(person.page, 'Evening walk')
      await expect(goal(person.page, 'Morning stretch')).toHaveCount(0)
      await seesCards(person.page, 'Stop', ['Phones away at dinner'])
    }
    await expect(undoButton(partnerA.page)).toHaveAttribute('aria-disabled', 'true')

    // Redo from the keyboard, with focus outside any text field.
    await partnerA.page.keyboard.press('ControlOrMeta+Shift+KeyZ')
    for (const person of people) await seesGoal(person.page, 'Morning stretch')

    // Partner B's undo takes back their own move, and leaves partner A's title alone.
    await undoButton(partnerB.page).click()
    for (const person of people) {
      await seesCards(person.page, 'Keep', ['Phones away at dinner'])
      await seesGoal(person.page, 'Morning stretch')
    }

    // Inside a text field the browser's own text undo applies: the board's redo does not run.
    await goalsSection(partnerB.page).getByLabel('New goal').focus()
    await partnerB.page.keyboard.press('ControlOrMeta+Shift+KeyZ')
    await expect(redoButton(partnerB.page)).toHaveAttribute('aria-disabled', 'false')
    await seesCards(partnerB.page, 'Keep', ['Phones away at dinner'])
  })
})
