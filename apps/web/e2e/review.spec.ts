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
    await addCard(partnerA.page, 'Start', 'Saturday walk, 30 minutes')
    await expect.poll(() => cardTexts(partnerB.page, 'Start')).toEqual(['Saturday walk, 30 minutes'])
    await column(partnerB.page, 'Start')
      .getByRole('button', { name: 'Delete card: Saturday walk, 30 minutes' })
      .click()
    await expect.poll(() => cardTexts(therapist.page, 'Start'), { timeout: 5_000 }).toEqual([])
  })
})
