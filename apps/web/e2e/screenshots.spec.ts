import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { addCard, addGoal, goal, newSessionId, openGoal, openPerson, presence } from './board.ts'

const dir = new URL('./screenshots/', import.meta.url).pathname

test('screenshots: therapist on a desktop, a partner on a phone', async ({ browser, baseURL }) => {
  mkdirSync(dir, { recursive: true })
  const sessionId = newSessionId()
  const therapist = await openPerson(browser, baseURL!, { sessionId, name: 'Dr. Rivera', role: 'Therapist' })
  const partnerA = await openPerson(browser, baseURL!, { sessionId, name: 'Maya', role: 'Partner A' })
  const partnerB = await openPerson(browser, baseURL!, {
    sessionId,
    name: 'Sam',
    role: 'Partner B',
    viewport: { width: 390, height: 844 },
  })
  const t = therapist.page

  await t.getByRole('button', { name: 'Rename session' }).click()
  await t.getByLabel('Session title').fill('Week 3 · goal huddle')
  await t.keyboard.press('Enter')
  await t.getByLabel('Partner A name').fill('Maya')
  await t.getByLabel('Partner B name').fill('Sam')

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

  await expect(presence(t)).toHaveCount(3)
  await t.getByRole('heading', { name: 'Week 3 · goal huddle' }).scrollIntoViewIfNeeded()
  await t.screenshot({ path: `${dir}therapist-desktop.png` })
  await t.screenshot({ path: `${dir}therapist-desktop-full.png`, fullPage: true })

  const phone = partnerB.page
  await expect(phone.getByRole('heading', { name: 'Week 3 · goal huddle' })).toBeVisible()
  await phone.screenshot({ path: `${dir}partner-phone.png` })
  await phone.screenshot({ path: `${dir}partner-phone-full.png`, fullPage: true })

  for (const person of [therapist, partnerA, partnerB]) {
    expect(person.foreignRequests).toEqual([])
    await person.context.close()
  }
})
