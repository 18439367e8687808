import { randomUUID } from 'node:crypto'
import { expect } from '@playwright/test'
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test'

export type RoleLabel = 'Therapist' | 'Partner A' | 'Partner B' | 'Observer'
export type ColumnName = 'Keep' | 'Stop' | 'Start'

export interface Person {
  name: string
  page: Page
  context: BrowserContext
  /** Requests (and sockets) to any host other than the app's own: must stay empty. */
  foreignRequests: string[]
  /** Console errors, e.g. a Content-Security-Policy refusal. */
  consoleErrors: string[]
}

export const newSessionId = () => `e2e-${randomUUID()}`

export async function openPerson(
  browser: Browser,
  baseURL: string,
  options: { sessionId: string; name: string; role: RoleLabel; viewport?: { width: number; height: number } },
): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  })
  const page = await context.newPage()
  const ownHost = new URL(baseURL).host
  const foreignRequests: string[] = []
  const consoleErrors: string[] = []
  const track = (url: string) => {
    const parsed = new URL(url)
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return
    if (parsed.host !== ownHost) foreignRequests.push(url)
  }
  page.on('request', (request) => track(request.url()))
  page.on('websocket', (socket) => track(socket.url()))
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  await page.goto(`/s/${options.sessionId}`)
  await join(page, options.name, options.role)
  return { name: options.name, page, context, foreignRequests, consoleErrors }
}

export async function join(page: Page, name: string, role: RoleLabel) {
  await expect(page.getByRole('heading', { name: 'Join the session board' })).toBeVisible()
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Your role in this session').selectOption({ label: role })
  await page.getByRole('button', { name: 'Join the session' }).click()
  await expectLive(page)
}

export function connectionStatus(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'Connection:' })
}

export async function expectLive(page: Page) {
  await expect(connectionStatus(page)).toHaveText(/Live/)
}

export function presence(page: Page): Locator {
  return page.getByRole('region', { name: /Here now/ }).getByRole('listitem')
}

// ---- goals ----

export function goalsSection(page: Page): Locator {
  return page.getByRole('region', { name: 'Joint goals' })
}

export function goal(page: Page, title: string): Locator {
  return goalsSection(page).getByRole('article', { name: title })
}

export async function addGoal(page: Page, title: string) {
  await goalsSection(page).getByLabel('New goal').fill(title)
  await goalsSection(page).getByRole('button', { name: 'Add goal' }).click()
}

export async function openGoal(page: Page, title: string) {
  const toggle = goal(page, title).getByRole('button', { name: /Open details/ })
  if (await toggle.isVisible()) await toggle.click()
}

// ---- review board ----

export function column(page: Page, name: ColumnName): Locator {
  return page.getByRole('region', { name: new RegExp(`^${name} \\(`) })
}

export function cardHandle(page: Page, columnName: ColumnName, text: string): Locator {
  return column(page, columnName).getByRole('button', { name: `Drag card: ${text}` })
}

export async function addCard(page: Page, columnName: ColumnName, text: string) {
  const target = column(page, columnName)
  await target.getByLabel(`New card for ${columnName}`).fill(text)
  await target.getByRole('button', { name: `Add card to ${columnName}` }).click()
  await expect(cardHandle(page, columnName, text)).toBeVisible()
}

/** The card texts of a column, top to bottom, read from the drag handles' names. */
export async function cardTexts(page: Page, columnName: ColumnName): Promise<string[]> {
  const names = await column(page, columnName)
    .getByRole('button', { name: /^Drag card: / })
    .all()
  return Promise.all(
    names.map(async (handle) =>
      ((await handle.getAttribute('aria-label')) ?? '').slice('Drag card: '.length),
    ),
  )
}

/** A real mouse drag, in small steps, so dnd-kit's sensor sees the movement. */
export async function dragWithMouse(page: Page, handle: Locator, target: Locator) {
  const from = await handle.boundingBox()
  const to = await target.boundingBox()
  if (!from || !to) throw new Error('The card or the drop target is not on screen.')
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
  await page.mouse.down()
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 5 })
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 40), { steps: 20 })
  await page.mouse.move(to.x + to.width / 2 + 2, to.y + Math.min(to.height / 2, 40) + 2, { steps: 3 })
  await page.mouse.up()
}

/**
 * dnd-kit's keyboard path: Space lifts the card, arrows move it, Space puts it down. A short pause
 * between keys, as a person would leave, lets the sortable measure where the card is.
 */
export async function moveWithKeyboard(page: Page, handle: Locator, arrows: string[]) {
  await handle.focus()
  await page.keyboard.press('Space')
  for (const arrow of arrows) {
    await page.waitForTimeout(150)
    await page.keyboard.press(arrow)
  }
  await page.waitForTimeout(150)
  await page.keyboard.press('Space')
}
