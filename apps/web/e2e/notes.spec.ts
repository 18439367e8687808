import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import {
  PHONE,
  createSessionWithLinks,
  expectCleanAndClose,
  expectLive,
  joinThroughLink,
  newPerson,
  notesPanel,
  notesText,
  openNotes,
  sessionCard,
  showPart,
  signUpTherapist,
} from './board.ts'
import type { Person } from './board.ts'

const dir = new URL('./screenshots/', import.meta.url).pathname

/** Which documents a page asked connect tokens for, and which sync sockets it opened. */
function watchSyncAccess(page: Page) {
  const seen = { tokenTargets: [] as string[], sockets: [] as string[] }
  page.on('request', (request) => {
    if (!/\/api\/sessions\/[^/]+\/connect-token$/.test(new URL(request.url()).pathname)) return
    const body = request.postDataJSON() as { target?: string } | null
    seen.tokenTargets.push(body?.target ?? 'board')
  })
  page.on('websocket', (socket) => seen.sockets.push(new URL(socket.url()).pathname))
  return seen
}

test.describe('the therapist’s private notes', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('are kept across a reload and never reach a partner', async ({ browser, baseURL }) => {
    const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera' })
    const partner = await newPerson(browser, baseURL!, { name: 'Maya' })
    people = [therapist, partner]
    const t = therapist.page
    const therapistAccess = watchSyncAccess(t)
    const partnerAccess = watchSyncAccess(partner.page)

    await signUpTherapist(t)
    const links = await createSessionWithLinks(t, {
      title: 'Week 4 · notes',
      partnerAName: 'Maya',
      partnerBName: 'Sam',
    })
    await t.goto(`/s/${links.sessionId}`)
    await expectLive(t)
    await joinThroughLink(partner.page, links.partnerALink, 'Maya')

    const note = `Maya mentioned the lighthouse trip (${Date.now()}); ask about it next week.`
    // Empty notes start folded and take no room; the therapist opens them.
    await openNotes(t)
    await expect(notesPanel(t)).toContainText('Only you can see these')
    await expect(notesText(t)).toBeEditable()
    await notesText(t).fill(note)
    await expect(notesPanel(t).getByText('Saved', { exact: true })).toBeVisible()

    // Notes that hold something open by themselves.
    await t.reload()
    await expectLive(t)
    await expect(notesText(t)).toHaveValue(note)
    expect(therapistAccess.tokenTargets).toContain('notes')
    expect(therapistAccess.sockets).toContain(`/sync/${links.sessionId}/notes`)

    // The partner's board has no notes at all, and their page never asked for them.
    await partner.page.reload()
    await expectLive(partner.page)
    await expect(notesPanel(partner.page)).toHaveCount(0)
    await expect(partner.page.getByText(note)).toHaveCount(0)
    expect(partnerAccess.tokenTargets.length).toBeGreaterThan(0)
    expect(partnerAccess.tokenTargets).not.toContain('notes')
    expect(partnerAccess.sockets.filter((path) => path.endsWith('/notes'))).toEqual([])
  })

  test('fold away on a phone and open from their heading', async ({ browser, baseURL }) => {
    const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera', viewport: PHONE })
    people = [therapist]
    const t = therapist.page
    await signUpTherapist(t)
    const links = await createSessionWithLinks(t, {
      title: 'Week 4 · phone',
      partnerAName: 'Maya',
      partnerBName: 'Sam',
    })
    await t.goto(`/s/${links.sessionId}`)
    await expectLive(t)
    // On a phone the notes are under the Floor tab, with the floor and who is here.
    await showPart(t, 'Floor')
    const toggle = notesPanel(t).getByRole('button', { name: 'Private notes' })
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await expect(notesText(t)).toBeHidden()
    await toggle.focus()
    await t.keyboard.press('Enter')
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    await expect(notesText(t)).toBeEditable()
  })

  test('end session asks first, from the dashboard too', async ({ browser, baseURL }) => {
    const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera' })
    people = [therapist]
    const t = therapist.page
    await signUpTherapist(t)
    const title = 'Week 4 · ending'
    await createSessionWithLinks(t, { title, partnerAName: 'Maya', partnerBName: 'Sam' })

    // The card's own button ('End session: <title>'), not the dialog's.
    const end = sessionCard(t, title).getByRole('button', { name: /^End session\s*:/ })
    const dialog = t.getByRole('dialog', { name: 'End this session?' })
    await end.click()
    await expect(dialog).toContainText('partners’ boards read-only')
    await expect(dialog).toContainText('reopen the session at any time')
    await expect(dialog.getByRole('button', { name: 'Keep it open' })).toBeFocused()
    await t.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(end).toBeFocused()
    await expect(end).toBeVisible()

    await end.click()
    await dialog.getByRole('button', { name: 'End session' }).click()
    await expect(dialog).toBeHidden()
    await expect(sessionCard(t, title).getByRole('button', { name: /^Reopen session/ })).toBeVisible()
  })
})

test('screenshot: the therapist’s board with private notes', async ({ browser, baseURL }) => {
  const therapist = await newPerson(browser, baseURL!, { name: 'Dr. Rivera' })
  const t = therapist.page
  await signUpTherapist(t)
  const links = await createSessionWithLinks(t, {
    title: 'Week 4 · goal huddle',
    partnerAName: 'Maya',
    partnerBName: 'Sam',
  })
  await t.goto(`/s/${links.sessionId}`)
  await expectLive(t)
  await openNotes(t)
  await notesText(t).fill(
    'Opened calmer than last week.\n\nMaya: Sunday-evening dread, first time named.\n' +
      'Sam: softened when the walk came up.\n\nNext time: check the tracker before the huddle.',
  )
  await expect(notesPanel(t).getByText('Saved', { exact: true })).toBeVisible()
  await t.screenshot({ path: `${dir}therapist-notes-desktop.png` })
  await expectCleanAndClose([therapist])
})
