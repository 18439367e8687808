import { randomUUID } from 'node:crypto'
import { expect } from '@playwright/test'
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test'

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

export interface SessionLinks {
  sessionId: string
  partnerALink: string
  partnerBLink: string
  observerLink: string
}

export const PHONE = { width: 390, height: 844 }

/** A fresh browser context for one person, watching every request and every console error. */
export async function newPerson(
  browser: Browser,
  baseURL: string,
  options: { name: string; viewport?: { width: number; height: number }; clipboard?: boolean },
): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    ...(options.clipboard ? { permissions: ['clipboard-read', 'clipboard-write'] } : {}),
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
  return { name: options.name, page, context, foreignRequests, consoleErrors }
}

/** Every person's requests stayed on the app's own origin and nothing was logged as an error. */
export async function expectCleanAndClose(people: Person[]) {
  for (const person of people) {
    expect(person.foreignRequests, `${person.name} reached another host`).toEqual([])
    expect(person.consoleErrors, `${person.name} had console errors`).toEqual([])
    await person.context.close()
  }
}

// ---- therapist: account, dashboard, links ----

export const PASSWORD = 'a calm and long password'

export async function signUpTherapist(page: Page, displayName = 'Dr. Rivera'): Promise<string> {
  const email = `therapist-${randomUUID()}@clinic.test`
  await page.goto('/sign-up')
  await page.getByLabel('Your name, as the partners will see it').fill(displayName)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('heading', { name: 'Your sessions' })).toBeVisible()
  return email
}

/** The card of one session on the dashboard, found by its title. */
export function sessionCard(within: Page | Locator, title: string): Locator {
  return within.getByRole('article', { name: title })
}

/** The link shown in a card's read-only field, e.g. 'Partner A link'. */
export function linkField(page: Page, title: string, label: string): Locator {
  return sessionCard(page, title).getByRole('textbox', { name: label, exact: true })
}

/** Creates a session from the dashboard, adds an observer link and reads the three links. */
export async function createSessionWithLinks(
  page: Page,
  session: { title: string; partnerAName: string; partnerBName: string },
): Promise<SessionLinks> {
  await page.getByLabel('Session title').fill(session.title)
  await page.getByLabel('Partner A’s name').fill(session.partnerAName)
  await page.getByLabel('Partner B’s name').fill(session.partnerBName)
  await page.getByRole('button', { name: 'Create session' }).click()
  const card = sessionCard(page, session.title)
  await expect(linkField(page, session.title, 'Partner A link')).toHaveValue(/\/join\?token=/)
  await card.getByRole('button', { name: 'Add an observer link' }).click()
  await expect(linkField(page, session.title, 'Observer 1 link')).toHaveValue(/\/join\?token=/)
  const href = await card.getByRole('link', { name: /^Open board/ }).getAttribute('href')
  return {
    sessionId: decodeURIComponent((href ?? '').replace(/^\/s\//, '')),
    partnerALink: await linkField(page, session.title, 'Partner A link').inputValue(),
    partnerBLink: await linkField(page, session.title, 'Partner B link').inputValue(),
    observerLink: await linkField(page, session.title, 'Observer 1 link').inputValue(),
  }
}

/** Opens an invitation link, confirms the name, agrees to the privacy notice and waits for the board. */
export async function joinThroughLink(page: Page, link: string, name: string) {
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'Join your session board' })).toBeVisible()
  await page.getByLabel('Your name on the board').fill(name)
  await page.getByLabel('I have read the privacy notice and agree to it').check()
  await page.getByRole('button', { name: 'Join the board' }).click()
  // A partner is offered a passkey for coming back; these tests go on without one. An observer is not.
  const notNow = page.getByRole('button', { name: /^Not now, continue to/ })
  await expect(notNow.or(connectionStatus(page)).first()).toBeVisible()
  if (await notNow.isVisible()) await notNow.click()
  await expectLive(page)
}

export const joinAsPartner = joinThroughLink

export interface Room {
  links: SessionLinks
  therapist: Person
  partnerA: Person
  partnerB: Person
}

/**
 * The usual start of a board test, through the real flow: a therapist signs up and creates a session,
 * both partners join through their links, the therapist opens the board.
 */
export async function openRoom(
  browser: Browser,
  baseURL: string,
  options: {
    title?: string
    partnerBViewport?: { width: number; height: number }
    /** Runs on partner B's context before their page loads, e.g. to set its clock wrong. */
    beforePartnerB?: (context: BrowserContext) => Promise<void>
  } = {},
): Promise<Room> {
  const title = options.title ?? `Week 3 · goal huddle`
  const therapist = await newPerson(browser, baseURL, { name: 'Dr. Rivera' })
  await signUpTherapist(therapist.page)
  const links = await createSessionWithLinks(therapist.page, {
    title,
    partnerAName: 'Maya',
    partnerBName: 'Sam',
  })
  await therapist.page.goto(`/s/${links.sessionId}`)
  await expectLive(therapist.page)
  const partnerA = await newPerson(browser, baseURL, { name: 'Maya' })
  await joinThroughLink(partnerA.page, links.partnerALink, 'Maya')
  const partnerB = await newPerson(browser, baseURL, {
    name: 'Sam',
    ...(options.partnerBViewport ? { viewport: options.partnerBViewport } : {}),
  })
  await options.beforePartnerB?.(partnerB.context)
  await joinThroughLink(partnerB.page, links.partnerBLink, 'Sam')
  return { links, therapist, partnerA, partnerB }
}

// ---- the parts of the board ----

export type PartLabel = 'Huddle' | 'Canvas' | 'Goals' | 'Review board' | 'Decision grid' | 'Floor'

/** A part's tab (its name may go on with "(the therapist is here)"). */
export function partTab(page: Page, label: PartLabel): Locator {
  return page.getByRole('tab', { name: new RegExp(`^${label}`) })
}

/** Opens a part of the board in the main area, as a click on its tab does. */
export async function showPart(page: Page, label: PartLabel) {
  await partTab(page, label).click()
  await expect(partTab(page, label)).toHaveAttribute('aria-selected', 'true')
}

export function connectionStatus(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: 'Connection:' })
}

export async function expectLive(page: Page) {
  await expect(connectionStatus(page)).toHaveText(/Live/)
  // The first burst of clock samples is done too, so no request of it is still on its way.
  await expect(page.locator('.connection[data-clock="synced"]')).toHaveCount(1)
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
  await showPart(page, 'Goals')
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
  await showPart(page, 'Review board')
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

/** Moves a card with its Move menu: the button-only way, no dragging. */
export async function moveCardWithMenu(page: Page, from: ColumnName, text: string, to: ColumnName) {
  await column(page, from)
    .getByRole('button', { name: `Move card: ${text}` })
    .click()
  await column(page, from)
    .getByRole('group', { name: `Move card: ${text}` })
    .getByRole('button', { name: `To ${to}` })
    .click()
}

/** A real mouse drag, in small steps, so dnd-kit's sensor sees the movement. */
export async function dragWithMouse(page: Page, handle: Locator, target: Locator) {
  // A pointer only reaches what is on screen: bring the board (below the canvas) to the middle of the
  // view first, away from the edges where dnd-kit would scroll the page during the drag.
  await handle.evaluate((element) => element.scrollIntoView({ block: 'center', inline: 'nearest' }))
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

// ---- undo and redo ----

export function undoButton(page: Page): Locator {
  return page.getByRole('group', { name: 'Your changes' }).getByRole('button', { name: 'Undo' })
}

export function redoButton(page: Page): Locator {
  return page.getByRole('group', { name: 'Your changes' }).getByRole('button', { name: 'Redo' })
}

// ---- therapist: ending a session, private notes ----

/** Ends the session from the board's controls, confirming in the dialog that says what ending does. */
export async function endSessionFromBoard(page: Page) {
  await page.getByRole('navigation', { name: 'Session' }).getByRole('button', { name: 'End session' }).click()
  const dialog = page.getByRole('dialog', { name: 'End this session?' })
  await expect(dialog).toContainText('read-only')
  await dialog.getByRole('button', { name: 'End session' }).click()
  await expect(dialog).toBeHidden()
}

export function notesPanel(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Private notes' })
}

/** Unfolds the private notes (they start folded while empty). */
export async function openNotes(page: Page) {
  const toggle = notesPanel(page).getByRole('button', { name: 'Private notes' })
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
}

export function notesText(page: Page): Locator {
  return notesPanel(page).getByRole('textbox', { name: 'Private notes' })
}

// ---- goal canvas ----

export function canvasStage(page: Page): Locator {
  return page.getByTestId('goal-canvas')
}

/** Waits until the canvas chunk loaded, the editor mounted and the shared shapes are in its store. */
export async function expectCanvasReady(page: Page) {
  await showPart(page, 'Canvas')
  await expect(canvasStage(page)).toHaveAttribute('data-ready', 'true')
}

/** A goal card drawn on the canvas, by its title. */
export function goalCard(page: Page, title: string): Locator {
  return canvasStage(page).getByRole('article', { name: `Goal: ${title}`, exact: true })
}

/** The editor docked beside the canvas for the card being edited. */
export function cardEditor(page: Page): Locator {
  return page.getByRole('complementary').filter({ has: page.locator('#card-editor-heading') })
}

/** A frame (a template's column) on the canvas, by its name. */
export function canvasFrame(page: Page, name: string): Locator {
  return canvasStage(page).locator('.tl-shape[data-shape-type="frame"]').filter({ hasText: name })
}

/**
 * Where a shape is drawn once the camera is still: "Show everything" and the templates move the camera
 * over 200 ms, and a box read meanwhile is where the shape was, not where it ends up.
 */
async function settledBox(page: Page, target: Locator) {
  let last = await target.boundingBox()
  for (let tries = 0; tries < 40; tries++) {
    await page.waitForTimeout(50)
    const now = await target.boundingBox()
    if (now && last && now.x === last.x && now.y === last.y && now.width === last.width) return now
    last = now
  }
  throw new Error('The shape is not on screen, or the canvas never stopped moving.')
}

/** A real pointer drag on the canvas, in small steps, as tldraw's pointer handling expects. */
export async function dragOnCanvas(page: Page, from: Locator, to: Locator) {
  const start = await settledBox(page, from)
  const end = await settledBox(page, to)
  // The card's title line: clear of its buttons.
  const x = start.x + start.width / 2
  const y = start.y + Math.min(50, start.height / 4)
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + 12, y + 8, { steps: 4 })
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 25 })
  await page.mouse.up()
}

/** A plain click where a shape is drawn: tldraw's own layers sit over the shape's content. */
export async function clickOnCanvas(page: Page, target: Locator) {
  const box = await settledBox(page, target)
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
}

// ---- video call ----

/** The video call panel beside the board. */
export function callPanel(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Video call' })
}

/** One person's tile in the call, by the name the board gives them (e.g. 'Maya', 'Dr. Rivera'). */
export function callTile(page: Page, name: string): Locator {
  return callPanel(page).getByRole('article', { name: new RegExp(`^${name}\\b`) })
}

/** Pre-join (devices, preview), then join with the microphone on or off, and wait until connected. */
export async function joinCall(page: Page, options: { micOn: boolean }) {
  const call = callPanel(page)
  await call.getByRole('button', { name: 'Set up camera and microphone' }).click()
  await expect(call.getByLabel('Camera', { exact: true })).toBeVisible()
  await expect(call.getByLabel('Microphone', { exact: true })).toBeVisible()
  await expect.poll(() => videoWidth(call.getByLabel('Your camera preview'))).toBeGreaterThan(0)
  await call.getByLabel('Camera on').check()
  await call.getByLabel('Join muted').setChecked(!options.micOn)
  await call.getByRole('button', { name: 'Join the call' }).click()
  await expect(call.getByRole('status')).toHaveText('Connected')
}

/**
 * The width of the frames a <video> is playing: 0 until real frames arrive (and are decrypted). LiveKit
 * pauses video nobody can see, so the tile is brought into view first, as a person would look at it.
 */
export async function videoWidth(video: Locator): Promise<number> {
  await video.scrollIntoViewIfNeeded()
  return video.evaluate((element) => (element as HTMLVideoElement).videoWidth)
}

/** The LiveKit server the tests start beside the app, on loopback: the call's own media server. */
export const LIVEKIT_HOST = `127.0.0.1:${process.env.E2E_LIVEKIT_PORT ?? '27880'}`

/** Like expectCleanAndClose, but the session's own LiveKit server (signalling) is not another host. */
export async function expectCleanCallAndClose(people: Person[]) {
  for (const person of people) {
    const foreign = person.foreignRequests.filter((url) => new URL(url).host !== LIVEKIT_HOST)
    person.foreignRequests.splice(0, person.foreignRequests.length, ...foreign)
  }
  await expectCleanAndClose(people)
}
