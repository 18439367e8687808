import { expect, test } from '@playwright/test'
import { addGoal, expectCleanAndClose, goal, openGoal, openRoom, showPart } from './board.ts'
import type { Person } from './board.ts'

const dir = new URL('./screenshots/', import.meta.url).pathname

test.describe('neutral-wording hints', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('a gentle note appears under absolute words and goes once they are gone', async ({
    browser,
    baseURL,
  }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]

    await addGoal(partnerA.page, 'Bins on Thursday')
    await openGoal(partnerA.page, 'Bins on Thursday')
    const title = goal(partnerA.page, 'Bins on Thursday').getByLabel('Goal title')
    await title.fill('You always forget the bins')
    const card = goal(partnerA.page, 'You always forget the bins')
    await expect(card.getByText(/Try describing one time it happened/)).toBeVisible()
    await expect(card.getByLabel('Goal title')).toHaveAccessibleDescription(/one time it happened/)

    // Spanish is understood too, and the suggestion comes in Spanish.
    await card.getByLabel('Specific').fill('Siempre llegas tarde los jueves')
    await expect(card.getByText(/una vez concreta/)).toBeVisible()
    await card.screenshot({ path: `${dir}wording-hint.png` })

    // The hint never blocks the words: they are saved and shared as typed.
    await showPart(partnerB.page, 'Goals')
    await expect(goal(partnerB.page, 'You always forget the bins')).toBeVisible()

    await card.getByLabel('Goal title').fill('You forget the bins')
    const edited = goal(partnerA.page, 'You forget the bins')
    await expect(edited.getByText(/Try describing one time it happened/)).toHaveCount(0)
    await expect(edited.getByLabel('Goal title')).toHaveAccessibleDescription('')
  })
})
