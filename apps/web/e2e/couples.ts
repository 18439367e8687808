import AxeBuilder from '@axe-core/playwright'
import { expect } from '@playwright/test'
import type { Locator, Page } from '@playwright/test'
import { expectLive } from './board.ts'

// ---- the caseload and a couple's page ----

export async function addCouple(
  page: Page,
  couple: { partnerAName: string; partnerBName: string; programStart: string; phase: string },
): Promise<string> {
  await page.getByRole('button', { name: 'Add a couple' }).click()
  const form = page.getByRole('region', { name: 'Add a couple' })
  await form.getByLabel('Partner A’s name').fill(couple.partnerAName)
  await form.getByLabel('Partner B’s name').fill(couple.partnerBName)
  await form.getByLabel('Program start').fill(couple.programStart)
  await form.getByLabel('Phase').selectOption({ label: couple.phase })
  await form.getByRole('button', { name: 'Add the couple' }).click()
  await expect(page).toHaveURL(/\/couples\/cpl_/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    `${couple.partnerAName} & ${couple.partnerBName}`,
  )
  return decodeURIComponent(new URL(page.url()).pathname.replace(/^\/couples\//, ''))
}

export function partnerAccess(page: Page): Locator {
  return page.getByRole('region', { name: 'Partner access' })
}

/** Makes a partner's personal link on the couple's page and reads it from its field. */
export async function makePartnerLink(page: Page, name: string): Promise<string> {
  await partnerAccess(page)
    .getByRole('button', { name: `Make a link for ${name}` })
    .click()
  const field = partnerAccess(page).getByRole('textbox', { name: `${name}’s link`, exact: true })
  await expect(field).toHaveValue(/\/join\?token=/)
  return field.inputValue()
}

export function sessionsPanel(page: Page): Locator {
  return page.getByRole('region', { name: 'Sessions', exact: true })
}

/** "Start the next session" on the couple's page: one click, then the new session's board. */
export async function startNextSession(page: Page): Promise<string> {
  await sessionsPanel(page).getByRole('button', { name: 'Start the next session' }).click()
  await expect(page).toHaveURL(/\/s\/[^/]+$/)
  await expectLive(page)
  return decodeURIComponent(new URL(page.url()).pathname.replace(/^\/s\//, ''))
}

/** The live plan on the couple's page (therapist) or on a partner's /plan page. */
export function planGoal(page: Page, title: string): Locator {
  return page
    .getByRole('region', { name: /^(The plan, live|Goals and stepping stones)$/ })
    .getByRole('article', {
      name: title,
      exact: true,
    })
}

// ---- partners: joining with the couple's link ----

/**
 * A partner opens their couple link, gives their name and consent, then either keeps this device with a
 * passkey (the join flow offers it) or goes on without one; they land on the live session's board, or on
 * their plan when none is live.
 */
export async function joinCouple(page: Page, link: string, name: string, options: { passkey: boolean }) {
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'Join your session board' })).toBeVisible()
  await page.getByLabel('Your name on the board').fill(name)
  await page.getByLabel('I have read the privacy notice and agree to it').check()
  await page.getByRole('button', { name: 'Join the board' }).click()
  await expect(
    page.getByRole('heading', { name: /^Keep this (computer|phone) for next time\?$/ }),
  ).toBeVisible()
  if (options.passkey) {
    await page.getByRole('button', { name: /^Keep this (computer|phone)$/ }).click()
    await expect(page.getByRole('heading', { name: /is ready for next time$/ })).toBeVisible()
    await page.getByRole('button', { name: /^Continue to / }).click()
  } else {
    await page.getByRole('button', { name: /^Not now, continue to / }).click()
  }
  await expectLive(page)
}

// ---- passkeys: Chromium's virtual authenticator ----

/** A platform authenticator with user verification, as on a phone, for this page's browser. */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
}

// ---- accessibility ----

/**
 * axe-core on the page as it is now: no serious or critical violation (each one listed if any).
 * `exclude` leaves out parts that are known and reported elsewhere, each named at the call.
 */
export async function expectNoSeriousViolations(
  page: Page,
  what: string,
  exclude: string[] = [],
): Promise<void> {
  let builder = new AxeBuilder({ page })
  for (const selector of exclude) builder = builder.exclude(selector)
  const results = await builder.analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      where: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }))
  expect(serious, `${what}: serious or critical accessibility violations`).toEqual([])
}
