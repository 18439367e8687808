import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { startHuddle } from '@session-board/board'
import { expectCleanAndClose, openRoom, showPart } from './board.ts'
import type { Person } from './board.ts'
import { REFUSED_CLOSE, attemptRawWrite } from './rawWrite.ts'

const screenshots = new URL('./screenshots/', import.meta.url).pathname

function huddle(page: Page) {
  return page.getByRole('region', { name: 'Goal huddle' })
}

function floor(page: Page) {
  return page.getByRole('region', { name: 'The floor' })
}

/** The huddle clock as seconds left, read from the page. */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.getByTestId('huddle-remaining').textContent()) ?? ''
  const [minutes, seconds] = text.split(':').map(Number)
  return minutes! * 60 + seconds!
}

async function expectSameClock(pages: Page[]) {
  await expect
    .poll(async () => {
      const readings = await Promise.all(pages.map(secondsLeft))
      return Math.max(...readings) - Math.min(...readings)
    })
    .toBeLessThanOrEqual(1)
}

test.describe('the goal huddle and the floor', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('one clock for everyone, even with a device minutes wrong; the phase moves everyone’s view', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000)
    // Partner B's device clock runs seven minutes fast, from before the page loads.
    const { links, therapist, partnerA, partnerB } = await openRoom(browser, baseURL!, {
      beforePartnerB: (context) => context.clock.install({ time: Date.now() + 7 * 60_000 }),
    })
    people = [therapist, partnerA, partnerB]
    const t = therapist.page
    const pages = [t, partnerA.page, partnerB.page]
    // B's page really reads a wall clock minutes off.
    expect((await partnerB.page.evaluate(() => Date.now())) - Date.now()).toBeGreaterThan(6 * 60_000)

    // The therapist shortens the check-in to one minute and starts.
    await huddle(t).getByLabel('Minutes for Check-in').fill('1')
    await huddle(t).getByRole('button', { name: 'Start the huddle' }).click()
    for (const page of pages) await expect(huddle(page)).toContainText('Now: Check-in')
    await expectSameClock(pages)

    // Partners have no clock controls, and a raw update to the clock is refused by the server.
    for (const page of [partnerA.page, partnerB.page]) {
      await expect(page.getByRole('group', { name: 'Huddle clock' })).toHaveCount(0)
    }
    const attempt = await attemptRawWrite(partnerA.page, baseURL!, links.sessionId, (doc) => startHuddle(doc))
    expect(attempt.closeCode).toBe(REFUSED_CLOSE)
    expect(attempt.refusal?.message).toMatch(/Only the therapist/)

    // Pause keeps the time for everyone; resume carries on from it.
    await huddle(t).getByRole('button', { name: 'Pause' }).click()
    for (const page of pages) await expect(huddle(page)).toContainText('Paused')
    await expectSameClock(pages)
    await huddle(t).getByRole('button', { name: 'Resume' }).click()
    await expectSameClock(pages)

    // A reload mid-huddle comes back to the same part and the same time.
    await partnerB.page.reload()
    await expect(huddle(partnerB.page)).toContainText('Now: Check-in')
    await expectSameClock(pages)

    // Sam looks at the goals instead of following. When check-in runs out, the huddle moves on by itself:
    // the therapist and Maya, who follows, are taken to the review board; Sam stays where he is, sees the
    // new part in the bar, and one click takes him there.
    await showPart(partnerB.page, 'Goals')
    for (const page of pages)
      await expect(page.getByTestId('huddle-part')).toHaveText('Review the tracker', { timeout: 75_000 })
    for (const page of [t, partnerA.page])
      await expect(page.getByRole('heading', { name: 'Review: keep, stop, start' })).toBeInViewport()
    await expect(partnerB.page.getByRole('heading', { name: 'Joint goals' })).toBeInViewport()
    await partnerB.page.getByRole('button', { name: 'Back to Review board' }).click()
    await expect(partnerB.page.getByRole('heading', { name: 'Review: keep, stop, start' })).toBeInViewport()
    await expectSameClock(pages)
    await showPart(t, 'Huddle')
    await t.screenshot({ path: `${screenshots}huddle-review-therapist.png` })

    // Ending keeps a record of how long each part took, for everyone (and the couple's next board).
    await huddle(t).getByRole('button', { name: 'End the huddle' }).click()
    for (const page of pages) {
      await expect(huddle(page)).toContainText('This huddle is over')
      await expect(huddle(page).getByRole('article')).toContainText(/Check-in: 1:0\d of 1:00 planned/)
    }
  })

  test('the floor: reflect back before it passes, raised hands in order, airtime', async ({
    browser,
    baseURL,
  }) => {
    const { therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]
    const t = therapist.page
    const a = partnerA.page
    const b = partnerB.page

    // Hands go up in order: Sam first, then Maya.
    await floor(b).getByRole('button', { name: 'Raise my hand' }).click()
    await expect(floor(t).getByRole('list', { name: 'Raised hands, in order' })).toContainText('Sam')
    await floor(a).getByRole('button', { name: 'Raise my hand' }).click()
    await expect(
      floor(t).getByRole('list', { name: 'Raised hands, in order' }).getByRole('listitem'),
    ).toHaveText(['Sam', 'Maya'])

    await floor(t).getByLabel('Reflect back before the floor passes').check()
    await floor(t).getByRole('button', { name: 'Give the floor to Maya' }).click()
    for (const page of [t, a, b])
      await expect(floor(page)).toContainText(page === a ? 'You have the floor' : 'Maya has the floor')
    await expect(floor(b)).toContainText('Listen without interrupting')
    // Maya's hand came down when she got the floor; Sam's stays up.
    await expect(
      floor(t).getByRole('list', { name: 'Raised hands, in order' }).getByRole('listitem'),
    ).toHaveText(['Sam'])

    // The floor cannot pass before the listener's summary is confirmed.
    await floor(t).getByRole('button', { name: 'Give the floor to Sam' }).click()
    await expect(floor(t).getByRole('alert')).toContainText('has not confirmed the summary yet')
    await expect(floor(a)).toContainText('You have the floor')

    await floor(b)
      .getByLabel('What I heard Maya say')
      .fill('You felt alone on Sunday evenings and want a plan.')
    await floor(b).getByRole('button', { name: 'Share my summary' }).click()
    await expect(floor(a)).toContainText('Sam heard: “You felt alone on Sunday evenings and want a plan.”')
    await floor(a).getByRole('button', { name: 'Yes, that’s it' }).click()
    for (const page of [t, a, b]) await expect(floor(page)).toContainText('Maya confirmed the summary.')

    await floor(t).getByRole('button', { name: 'Give the floor to Sam' }).click()
    for (const page of [t, a, b])
      await expect(floor(page)).toContainText(page === b ? 'You have the floor' : 'Sam has the floor')
    // The airtime meter (the therapist's) counts Maya's finished turn.
    await expect(floor(t).getByRole('definition').first()).not.toContainText('0:00')
    // The therapist may show the airtime to the partners too.
    await expect(floor(a).getByRole('heading', { name: 'Airtime this session' })).toHaveCount(0)
    await floor(t).getByLabel('Show the airtime to everyone').check()
    await expect(floor(a).getByRole('heading', { name: 'Airtime this session' })).toBeVisible()
    await floor(t).getByRole('button', { name: 'Take the floor back' }).click()
    for (const page of [t, a, b]) await expect(floor(page)).toContainText('No one has the floor.')
    await t.screenshot({ path: `${screenshots}floor-therapist.png` })
  })
})
