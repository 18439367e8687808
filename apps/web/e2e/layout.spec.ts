import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import type { Locator, Page } from '@playwright/test'
import {
  PHONE,
  addCard,
  addGoal,
  expectCleanAndClose,
  expectLive,
  joinThroughLink,
  newPerson,
  openRoom,
  partTab,
  showPart,
} from './board.ts'
import type { PartLabel, Person } from './board.ts'
import { expectNoSeriousViolations } from './couples.ts'

const dir = new URL('./screenshots/', import.meta.url).pathname
const LAPTOP = { width: 1440, height: 900 }

/** Each part of the board, its tab and the heading it opens with. */
const parts: { tab: PartLabel; heading: string }[] = [
  { tab: 'Huddle', heading: 'Goal huddle' },
  { tab: 'Canvas', heading: 'Goal canvas' },
  { tab: 'Goals', heading: 'Joint goals' },
  { tab: 'Review board', heading: 'Review: keep, stop, start' },
  { tab: 'Decision grid', heading: 'Decision grid' },
]

const timer = (page: Page) => page.getByTestId('huddle-remaining')
const currentPart = (page: Page) => page.getByTestId('huddle-part')
const floorHolder = (page: Page) => page.getByTestId('floor-status')
const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true, level: 2 })

/** The element's box lies wholly inside the viewport. */
async function expectWithinViewport(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox()
  const viewport = page.viewportSize()!
  expect(box, `${what} has a box`).not.toBeNull()
  expect(box!.x, `${what} left`).toBeGreaterThanOrEqual(0)
  expect(box!.y, `${what} top`).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width, `${what} right`).toBeLessThanOrEqual(viewport.width)
  expect(box!.y + box!.height, `${what} bottom`).toBeLessThanOrEqual(viewport.height)
}

/** What a person sees at the centre of the element is the element itself, not something over it. */
async function expectUncovered(locator: Locator, what: string) {
  await expect(locator).toBeInViewport({ ratio: 1 })
  const onTop = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return hit !== null && (hit === element || element.contains(hit))
  })
  expect(onTop, `${what} is not covered`).toBe(true)
}

async function expectNoSidewaysScroll(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(0)
}

test.describe('the board as a room to work in', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('the bar keeps the clock, the part and the floor in view; the partners follow the therapist', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(240_000)
    mkdirSync(dir, { recursive: true })
    const { links, therapist, partnerA, partnerB } = await openRoom(browser, baseURL!, {
      partnerBViewport: PHONE,
    })
    const observer = await newPerson(browser, baseURL!, { name: 'Observer' })
    people = [therapist, partnerA, partnerB, observer]
    await joinThroughLink(observer.page, links.observerLink, 'Jordan')
    const t = therapist.page
    const a = partnerA.page
    const b = partnerB.page
    await t.setViewportSize(LAPTOP)
    await a.setViewportSize(LAPTOP)

    // Something on each part, so none is shown empty in the screenshots.
    await showPart(t, 'Goals')
    await addGoal(t, 'Ten-minute walk after dinner')
    await showPart(t, 'Review board')
    await addCard(t, 'Keep', 'Evening check-in, 10 minutes')
    await addCard(t, 'Start', 'A rain plan for the Saturday walk')
    await showPart(t, 'Decision grid')
    await t.getByLabel('New proposal').fill('Walk on Saturday mornings')
    await t.getByRole('button', { name: 'Add proposal' }).click()

    // The huddle starts and Maya has the floor.
    await showPart(t, 'Huddle')
    await t.getByRole('button', { name: 'Start the huddle' }).click()
    await t.getByRole('button', { name: 'Give the floor to Maya' }).click()
    for (const page of [t, a, b]) {
      await expect(currentPart(page)).toHaveText('Check-in')
      await expect(floorHolder(page)).toContainText(page === a ? 'You' : 'Maya')
    }

    for (const part of parts) {
      await showPart(t, part.tab)
      // The therapist at 1440×900: the clock, the part and the floor are in view, and the page does not
      // scroll at all: the part scrolls inside the main area.
      // The canvas (tldraw) loads the first time it is shown.
      await expect(heading(t, part.heading)).toBeVisible({ timeout: 30_000 })
      await expectWithinViewport(t, timer(t), `${part.tab}: the therapist's clock`)
      await expectWithinViewport(t, currentPart(t), `${part.tab}: the huddle part`)
      await expectWithinViewport(t, floorHolder(t), `${part.tab}: who holds the floor`)
      expect(await t.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true)

      // Both partners follow: Maya's laptop and Sam's phone show the same part.
      await expect(heading(a, part.heading)).toBeVisible({ timeout: 30_000 })
      await expect(partTab(b, part.tab)).toHaveAttribute('aria-selected', 'true')
      await expect(heading(b, part.heading)).toBeVisible({ timeout: 30_000 })
      await expectUncovered(heading(b, part.heading), `${part.tab}: the heading on Sam's phone`)
      await expectUncovered(timer(b), `${part.tab}: the clock on Sam's phone`)
      await expectNoSidewaysScroll(b, `${part.tab} on Sam's phone`)

      await expect(heading(observer.page, part.heading)).toBeVisible({ timeout: 30_000 })
      for (const [person, role] of [
        [therapist, 'therapist'],
        [partnerA, 'partner A'],
        [partnerB, 'partner B on a phone'],
        [observer, 'observer'],
      ] as const) {
        await expectNoSeriousViolations(person.page, `${part.tab}, ${role}`)
      }
    }

    // Sam looks elsewhere; the therapist's part is marked on its tab, and one click takes him back.
    await showPart(b, 'Goals')
    await showPart(t, 'Review board')
    await expect(partTab(b, 'Goals')).toHaveAttribute('aria-selected', 'true')
    await expect(partTab(b, 'Review board')).toHaveAccessibleName(/the therapist is here/)
    await b.getByRole('button', { name: 'Back to Review board' }).click()
    await expect(partTab(b, 'Review board')).toHaveAttribute('aria-selected', 'true')
    await expectUncovered(heading(b, 'Review: keep, stop, start'), 'the review heading after jumping back')
    // The observer follows too, and reads.
    await expect(heading(observer.page, 'Review: keep, stop, start')).toBeVisible()
    // Sam's side tab on the phone: the floor and who is here.
    await showPart(b, 'Floor')
    await expectUncovered(heading(b, 'The floor'), 'the floor heading on Sam’s phone')
    await expectNoSeriousViolations(b, 'Floor, partner B on a phone')
    await expectNoSidewaysScroll(b, 'the Floor tab on Sam’s phone')
    // He follows again with the switch, and is back with the therapist.
    await b.getByRole('switch', { name: 'Follow the therapist' }).check()
    await expect(partTab(b, 'Review board')).toHaveAttribute('aria-selected', 'true')

    // Each huddle part, on the therapist's laptop and Sam's phone; following moves both to where it
    // happens.
    const huddleParts = [
      { title: 'Check-in', heading: 'Goal huddle' },
      { title: 'Review the tracker', heading: 'Review: keep, stop, start' },
      { title: 'Choose one experiment', heading: 'Goal canvas' },
      { title: 'Appreciation', heading: 'Goal huddle' },
    ]
    await showPart(t, 'Huddle')
    for (const [index, step] of huddleParts.entries()) {
      if (index > 0) await t.getByRole('button', { name: 'Next part of the huddle' }).click()
      for (const page of [t, b]) {
        await expect(currentPart(page)).toHaveText(step.title)
        await expect(heading(page, step.heading)).toBeVisible()
      }
      await expectUncovered(heading(b, step.heading), `${step.title}: the part's heading on Sam's phone`)
      await expectUncovered(timer(b), `${step.title}: the clock on Sam's phone`)
      const name = step.title.toLowerCase().replace(/[^a-z]+/g, '-')
      await t.screenshot({ path: `${dir}layout-${index + 1}-${name}-therapist-laptop.png` })
      await b.screenshot({ path: `${dir}layout-${index + 1}-${name}-partner-phone.png` })
    }
    await expectLive(t)
  })

  test('every other page, for each role, has no serious accessibility problem', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000)
    const { links, therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    const visitor = await newPerson(browser, baseURL!, { name: 'Visitor', viewport: PHONE })
    people = [therapist, partnerA, partnerB, visitor]
    const t = therapist.page
    const v = visitor.page

    // Nobody signed in: the start page, sign-in and sign-up, and a join page, on a phone.
    for (const [path, name] of [
      ['/', 'A shared board for the couples session'],
      ['/sign-in', 'Sign in'],
      ['/sign-up', 'Create a therapist account'],
    ] as const) {
      await v.goto(path)
      await expect(v.getByRole('heading', { level: 1 })).toHaveText(name)
      await expectNoSeriousViolations(v, `${path} on a phone`)
      await expectNoSidewaysScroll(v, `${path} on a phone`)
    }
    await v.goto(links.observerLink)
    await expect(v.getByRole('heading', { name: 'Join your session board' })).toBeVisible()
    await expectNoSeriousViolations(v, 'the join page on a phone')

    // The therapist: the session summary, the caseload, the couple's page and the audit trail.
    await t.getByRole('button', { name: 'Session summary' }).click()
    await expect(t.getByRole('dialog', { name: 'Session summary' })).toBeVisible()
    await expectNoSeriousViolations(t, 'the session summary')
    await t.keyboard.press('Escape')
    const couplePage = await t.getByRole('link', { name: 'The couple’s page' }).getAttribute('href')
    for (const [path, name] of [
      ['/dashboard', 'Your couples'],
      [couplePage!, 'Maya & Sam'],
      [`/s/${links.sessionId}/audit`, /Audit trail/],
    ] as const) {
      await t.goto(path)
      await expect(t.getByRole('heading', { level: 1 })).toHaveText(name)
      await expectNoSeriousViolations(t, `the therapist's ${path}`)
    }

    // A partner's own plan, on a phone.
    await partnerA.page.setViewportSize(PHONE)
    await partnerA.page.goto('/plan')
    await expect(partnerA.page.getByRole('heading', { level: 1 })).toHaveText('Your plan together')
    await expectNoSeriousViolations(partnerA.page, 'the partner’s plan on a phone')
    await expectNoSidewaysScroll(partnerA.page, 'the partner’s plan on a phone')
  })
})
