import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import {
  PHONE,
  addCard,
  addGoal,
  canvasStage,
  endSessionFromBoard,
  expectCanvasReady,
  expectLive,
  goal,
  goalCard,
  newPerson,
  notesPanel,
  notesText,
  openGoal,
  openNotes,
  openRoom,
  presence,
} from './board.ts'

const dir = new URL('./screenshots/', import.meta.url).pathname

test('screenshots: dashboard, join page, boards on a desktop and a phone, read-only', async ({
  browser,
  baseURL,
}) => {
  mkdirSync(dir, { recursive: true })
  const { links, therapist, partnerA, partnerB } = await openRoom(browser, baseURL!, {
    partnerBViewport: PHONE,
  })
  const t = therapist.page

  await addGoal(t, 'Ten-minute walk after dinner')
  const walk = goal(t, 'Ten-minute walk after dinner')
  await walk
    .getByLabel('Specific')
    .fill('Both of us, Monday, Wednesday and Friday, around the block after dinner.')
  await walk.getByLabel('Measurable').fill('Three walks a week, ticked on the tracker.')
  await walk.getByLabel('Start date').fill('2026-11-23')
  await walk.getByLabel('Review date').fill('2026-12-07')
  await walk.getByLabel('Who starts it').selectOption({ label: 'Maya' })
  await addGoal(t, 'Name one feeling before a hard talk')
  await t.getByRole('button', { name: /Close details: Name one feeling/ }).click()
  const feeling = goal(partnerA.page, 'Name one feeling before a hard talk')
  await openGoal(partnerA.page, 'Name one feeling before a hard talk')
  await feeling.getByLabel('Therapy goal (insight or awareness)').check()
  await feeling.getByLabel('Maya agrees to this goal').check()

  await addCard(t, 'Keep', 'Evening check-in, 10 minutes')
  await addCard(t, 'Keep', 'Thanking each other for small things')
  await addCard(t, 'Stop', 'Talking about money after 9 pm')
  await addCard(t, 'Start', 'A rain plan for the Saturday walk')

  await openNotes(t)
  await notesText(t).fill(
    'Maya named the Sunday-evening dread for the first time.\n\nSam softened when the walk came up; ' +
      'return to what makes Saturdays hard.\n\nNext time: check the tracker before the huddle.',
  )
  await expect(notesPanel(t).getByText('Saved', { exact: true })).toBeVisible()
  await expect(presence(t)).toHaveCount(3)
  await t.getByRole('heading', { name: 'Week 3 · goal huddle' }).scrollIntoViewIfNeeded()
  await t.screenshot({ path: `${dir}therapist-desktop.png` })
  await t.screenshot({ path: `${dir}therapist-desktop-full.png`, fullPage: true })

  const phone = partnerB.page
  await expect(phone.getByRole('heading', { name: 'Week 3 · goal huddle' })).toBeVisible()
  await phone.screenshot({ path: `${dir}partner-phone.png` })

  // The goal canvas: the goal from the list is on it by itself, with the therapist's two-column map.
  await expectCanvasReady(t)
  await t.getByRole('button', { name: 'My priority / Our shared action' }).click()
  await t.getByRole('button', { name: 'Show everything' }).click()
  await expect(goalCard(t, 'Ten-minute walk after dinner')).toContainText('Maya starts')
  await canvasStage(t).scrollIntoViewIfNeeded()
  await t.screenshot({ path: `${dir}canvas-therapist-desktop.png` })
  await expectCanvasReady(phone)
  await phone.getByRole('button', { name: 'Show everything' }).click()
  await expect(goalCard(phone, 'Ten-minute walk after dinner')).toBeVisible()
  await canvasStage(phone).scrollIntoViewIfNeeded()
  await phone.screenshot({ path: `${dir}canvas-partner-phone.png` })

  // The dashboard, with the session live, in the tab that created it (it keeps the links it was given).
  await t.goto('/dashboard')
  await expect(t.getByRole('region', { name: /Live now/ })).toContainText('Week 3 · goal huddle')
  await expect(t.getByRole('textbox', { name: 'Partner A link' })).toHaveValue(/\/join\?token=/)
  await t.screenshot({ path: `${dir}dashboard-desktop.png`, fullPage: true })
  await t.goto(`/s/${links.sessionId}`)
  await expectLive(t)

  // The join page on a phone (an observer link, so the board keeps its two partners).
  const observer = await newPerson(browser, baseURL!, { name: 'Observer', viewport: PHONE })
  await observer.page.goto(links.observerLink)
  await expect(observer.page.getByRole('heading', { name: 'Join your session board' })).toBeVisible()
  await observer.page.screenshot({ path: `${dir}join-phone.png`, fullPage: true })

  // The therapist ends the session: the partner's phone turns read-only.
  await endSessionFromBoard(t)
  await expect(phone.getByText('This session has ended; the board is read-only.')).toBeVisible()
  await expectLive(phone)
  await phone.evaluate(() => window.scrollTo(0, 0))
  await phone.screenshot({ path: `${dir}partner-phone-read-only.png` })
  await phone.screenshot({ path: `${dir}partner-phone-read-only-full.png`, fullPage: true })
  // The canvas turns read-only with the rest: nothing to add, and no tick of one's own to give.
  await expect(phone.getByRole('button', { name: 'New goal card' })).toHaveCount(0)
  await expect(
    goalCard(phone, 'Ten-minute walk after dinner').getByRole('button', { name: /^Sam/ }),
  ).toHaveCount(0)
  await expect(
    goalCard(phone, 'Ten-minute walk after dinner').getByRole('button', { name: /^Details/ }),
  ).toHaveCount(1)

  for (const person of [therapist, partnerA, partnerB, observer]) {
    expect(person.foreignRequests).toEqual([])
    await person.context.close()
  }
})
