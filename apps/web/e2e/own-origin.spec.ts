import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import {
  canvasStage,
  cardEditor,
  createSessionWithLinks,
  expectCanvasReady,
  expectLive,
  joinThroughLink,
  newPerson,
  signUpTherapist,
} from './board.ts'

/** Waits until the page is quiet, then fails on any request that left the app's own origin. */
async function expectOnlyOwnOrigin(page: Page, foreign: string[], what: string) {
  await page.waitForLoadState('networkidle')
  expect(foreign, `${what} reached another host`).toEqual([])
}

test('every page talks only to its own origin', async ({ browser, baseURL }) => {
  const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera' })
  const t = therapist.page
  const origin = new URL(baseURL!).origin
  // Every request, including sockets, must be for this origin; any other host fails the test here too.
  const seen: string[] = []
  t.on('request', (request) => seen.push(request.url()))

  await t.goto('/')
  await expect(t.getByRole('heading', { level: 1 })).toHaveText('A shared board for the couples session')
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The start page')
  await t.goto('/sign-in')
  await expect(t.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The sign-in page')
  await signUpTherapist(t)
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The sign-up page and the dashboard')
  const links = await createSessionWithLinks(t, { title: 'Week 1', partnerAName: 'Ana', partnerBName: 'Ben' })
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The dashboard')
  await t.goto(`/s/${links.sessionId}`)
  await expectLive(t)
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The board')

  // The goal canvas with what it loads: its chunk, every template, a card, tldraw's menu (icons and
  // translations) and its fonts, which must come from the board itself.
  await expectCanvasReady(t)
  for (const template of ['My priority / Our shared action', 'Non-negotiables', 'Spheres of control']) {
    await t.getByRole('button', { name: template }).click()
  }
  await t.getByRole('button', { name: 'New goal card' }).click()
  await cardEditor(t).getByLabel('Goal title').fill('Walk together on Sundays')
  await cardEditor(t).getByRole('button', { name: /^Done/ }).click()
  await canvasStage(t).getByTestId('main-menu.button').click()
  await expect(t.getByRole('menu')).toBeVisible()
  await t.keyboard.press('Escape')
  // tldraw's licence mark stays visible; it is a link out only if someone clicks it.
  await expect(canvasStage(t).locator('.tl-watermark_SEE-LICENSE')).toBeVisible()
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The goal canvas')
  expect(seen.some((url) => url.endsWith('.woff2') && new URL(url).origin === origin)).toBe(true)
  await t.goto(`/s/${links.sessionId}/audit`)
  await expect(t.getByRole('table')).toBeVisible()
  await expectOnlyOwnOrigin(t, therapist.foreignRequests, 'The audit trail')

  const partner = await newPerson(browser, baseURL!, { name: 'Ana' })
  await joinThroughLink(partner.page, links.partnerALink, 'Ana')
  await expectCanvasReady(partner.page)
  await partner.page.getByRole('button', { name: 'Show everything' }).click()
  await expect(
    canvasStage(partner.page).getByRole('article', { name: 'Goal: Walk together on Sundays' }),
  ).toHaveCount(1)
  await expectOnlyOwnOrigin(partner.page, partner.foreignRequests, 'The join page and the partner’s board')

  expect(seen.length).toBeGreaterThan(10)
  for (const url of seen) expect(new URL(url).origin).toBe(origin)
  expect(therapist.consoleErrors).toEqual([])
  expect(partner.consoleErrors).toEqual([])
  await therapist.context.close()
  await partner.context.close()
})
