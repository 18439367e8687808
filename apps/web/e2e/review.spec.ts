import { expect, test } from '@playwright/test'
import {
  addCard,
  cardHandle,
  cardTexts,
  column,
  dragWithMouse,
  expectCleanAndClose,
  expectLive,
  moveWithKeyboard,
  openRoom,
  showPart,
} from './board.ts'
import type { Person } from './board.ts'

test.describe('keep / stop / start review', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('cards move by mouse, by keyboard and by the move buttons, for everyone', async ({
    browser,
    baseURL,
  }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]
    // The therapist opens the review board; both partners follow.
    await showPart(therapist.page, 'Review board')

    await addCard(therapist.page, 'Keep', 'Evening check-in')
    await addCard(therapist.page, 'Keep', 'Scrolling at dinner')
    await addCard(partnerA.page, 'Start', 'Saturday walk')
    for (const person of people) {
      await expect
        .poll(() => cardTexts(person.page, 'Keep'))
        .toEqual(['Evening check-in', 'Scrolling at dinner'])
    }

    // Mouse: the therapist drags a card from Keep to Stop.
    await dragWithMouse(
      therapist.page,
      cardHandle(therapist.page, 'Keep', 'Scrolling at dinner'),
      column(therapist.page, 'Stop'),
    )
    for (const person of people) {
      await expect.poll(() => cardTexts(person.page, 'Stop')).toEqual(['Scrolling at dinner'])
      await expect.poll(() => cardTexts(person.page, 'Keep')).toEqual(['Evening check-in'])
    }

    // Keyboard (dnd-kit): partner A lifts a card with Space, moves it right, puts it down.
    await moveWithKeyboard(partnerA.page, cardHandle(partnerA.page, 'Keep', 'Evening check-in'), [
      'ArrowRight',
    ])
    // The screen-reader announcement says where the card went, in words.
    await expect(
      partnerA.page.getByText(/Card “Evening check-in” put down in Stop, place \d of 2\./),
    ).toBeAttached()
    for (const person of people) {
      await expect.poll(() => cardTexts(person.page, 'Stop')).toContain('Evening check-in')
      await expect.poll(() => cardTexts(person.page, 'Keep')).toEqual([])
    }

    // Keyboard within a column: ArrowDown changes the order.
    const stopBefore = await cardTexts(partnerA.page, 'Stop')
    await moveWithKeyboard(partnerA.page, cardHandle(partnerA.page, 'Stop', stopBefore[0]!), ['ArrowDown'])
    for (const person of people) {
      await expect.poll(() => cardTexts(person.page, 'Stop')).toEqual([...stopBefore].reverse())
    }

    // Move buttons: partner B sends a card to Keep without dragging.
    const stop = column(partnerB.page, 'Stop')
    await stop.getByRole('button', { name: 'Move card: Scrolling at dinner' }).click()
    await stop
      .getByRole('group', { name: 'Move card: Scrolling at dinner' })
      .getByRole('button', { name: 'To Keep' })
      .click()
    for (const person of people) {
      await expect.poll(() => cardTexts(person.page, 'Keep')).toEqual(['Scrolling at dinner'])
    }
    await expect(
      column(partnerB.page, 'Keep').getByRole('button', { name: 'Move card: Scrolling at dinner' }),
    ).toBeFocused()

    // Editing and deleting a card.
    const text = column(therapist.page, 'Start').getByRole('textbox', { name: /Card text/ })
    await text.fill('Saturday walk, 30 minutes')
    await expect.poll(() => cardTexts(partnerB.page, 'Start')).toEqual(['Saturday walk, 30 minutes'])

    // A reload keeps the order.
    await partnerB.page.reload()
    await expectLive(partnerB.page)
    await expect.poll(() => cardTexts(partnerB.page, 'Keep')).toEqual(['Scrolling at dinner'])
    await expect
      .poll(() => cardTexts(partnerB.page, 'Stop'))
      .toEqual([...stopBefore].reverse().filter((t) => t !== 'Scrolling at dinner'))
    await expect.poll(() => cardTexts(partnerB.page, 'Start')).toEqual(['Saturday walk, 30 minutes'])
  })

  test('a deleted card is gone for everyone', async ({ browser, baseURL }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]
    // The therapist opens the review board; both partners follow.
    await showPart(therapist.page, 'Review board')
    await addCard(partnerA.page, 'Start', 'Saturday walk, 30 minutes')
    await expect.poll(() => cardTexts(partnerB.page, 'Start')).toEqual(['Saturday walk, 30 minutes'])
    await column(partnerB.page, 'Start')
      .getByRole('button', { name: 'Delete card: Saturday walk, 30 minutes' })
      .click()
    await expect.poll(() => cardTexts(therapist.page, 'Start'), { timeout: 5_000 }).toEqual([])
  })

  test('partners rate a card, and the review ends with exactly one experiment for the week', async ({
    browser,
    baseURL,
  }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]
    // The therapist opens the review board; both partners follow.
    await showPart(therapist.page, 'Review board')
    const text = '10 minutes of breathing together'
    await addCard(partnerA.page, 'Start', text)

    // Each partner rates the card in its details; each sees the other's rating.
    const rate = async (person: Person, effort: string, impact: string) => {
      const start = column(person.page, 'Start')
      await start.getByRole('button', { name: `Details of card: ${text}` }).click()
      const details = start.getByRole('group', { name: `Details of card: ${text}` })
      await details.getByLabel('My effort, 0 to 10').fill(effort)
      await details.getByLabel('My impact, 0 to 10').fill(impact)
    }
    await rate(partnerA, '3', '8')
    await rate(partnerB, '5', '7')
    for (const person of people) {
      const start = column(person.page, 'Start')
      await expect(start.getByText('Effort: Maya 3 · Sam 5')).toBeVisible()
      await expect(start.getByText('Impact: Maya 8 · Sam 7')).toBeVisible()
      await expect(start.getByText('Added by Maya')).toBeVisible()
    }
    // The therapist has no rating of their own to give, only the shared fields.
    await column(therapist.page, 'Start')
      .getByRole('button', { name: `Details of card: ${text}` })
      .click()
    const therapistDetails = column(therapist.page, 'Start').getByRole('group', { name: /^Details of card/ })
    await expect(therapistDetails.getByLabel('My effort, 0 to 10')).toHaveCount(0)
    await therapistDetails.getByLabel('Group').fill('Evenings')
    await therapistDetails.getByLabel('Group').press('Enter')
    await therapistDetails.getByLabel('Owner').selectOption({ label: 'Both together' })
    for (const person of [partnerA, partnerB]) {
      await expect(column(person.page, 'Start').getByRole('heading', { name: 'Evenings' })).toBeVisible()
      await expect(column(person.page, 'Start').getByText('Owner: both together')).toBeVisible()
    }

    // Partner A writes the experiment from the card; who and when are still missing.
    const pickerOf = (page: Person['page']) =>
      page.getByRole('region', { name: 'The experiment for this week' })
    const summaryOf = (page: Person['page']) =>
      pickerOf(page).getByRole('group', { name: 'Chosen experiment' })
    const picker = pickerOf(partnerA.page)
    await picker.getByLabel('Start from a card').selectOption({ label: text })
    await expect(picker.getByLabel('then…')).toHaveValue(text)
    await picker.getByLabel('If…').fill('stress is 7 or more at 6 pm')
    await picker.getByLabel('Who', { exact: true }).selectOption({ label: 'Not chosen yet' })
    await picker.getByRole('button', { name: 'Choose this experiment' }).click()
    const plan = `If stress is 7 or more at 6 pm, then ${text}.`
    for (const person of people) {
      await expect(summaryOf(person.page)).toContainText(plan)
      await expect(summaryOf(person.page)).toContainText('Still missing: who does it, a review date.')
    }

    // Partner B writes another: it replaces the first as the one experiment.
    const pickerB = pickerOf(partnerB.page)
    await pickerB.getByLabel('If…').fill('it rains on Saturday')
    await pickerB.getByLabel('then…').fill('a walk in the mall')
    await pickerB.getByRole('button', { name: 'Choose this experiment' }).click()
    for (const person of people) {
      await expect(summaryOf(person.page)).toContainText('If it rains on Saturday, then a walk in the mall.')
      await expect(summaryOf(person.page)).not.toContainText(plan)
    }

    // The therapist picks the first plan again and fills in who and when.
    const pickerT = pickerOf(therapist.page)
    await pickerT
      .getByLabel('Existing if-then plan')
      .selectOption({ label: `If stress is 7 or more at 6 pm, then ${text}` })
    await pickerT.getByRole('button', { name: 'Make it this week’s experiment' }).click()
    await expect(summaryOf(therapist.page)).toContainText(plan)
    await pickerT.getByLabel('Who does it').selectOption({ label: 'Both together' })
    await pickerT.getByLabel('When to review it').fill('2026-11-29')
    for (const person of people) {
      const summary = summaryOf(person.page)
      await expect(summary).toContainText(plan)
      await expect(summary).not.toContainText('a walk in the mall')
      await expect(summary).toContainText('Who: both together')
      await expect(summary.locator('time[datetime="2026-11-29"]')).toBeVisible()
      await expect(summary).not.toContainText('Still missing')
    }
  })
})
