import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { addGoal, expectCanvasReady, expectCleanAndClose, openRoom, showPart } from './board.ts'
import type { Person } from './board.ts'

const screenshots = new URL('./screenshots/', import.meta.url).pathname
const criteria = ['burden', 'benefit', 'risk'] as const

function grid(page: Page) {
  return page.getByRole('region', { name: 'Decision grid' })
}

function row(page: Page, proposal: string) {
  return grid(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${proposal}`) }) })
}

// Scores per proposal: burden, benefit, risk. The largest gaps: Dinner out / benefit (5),
// Sunday email / benefit (4), Shared calendar / burden (4).
const scoresA: Record<string, number[]> = {
  'Sunday email off': [2, 8, 3],
  'A shared calendar': [5, 6, 1],
  'Dinner out monthly': [7, 7, 4],
}
const scoresB: Record<string, number[]> = {
  'Sunday email off': [2, 4, 3],
  'A shared calendar': [9, 6, 2],
  'Dinner out monthly': [7, 2, 4],
}

async function scoreAll(page: Page, scores: Record<string, number[]>) {
  for (const [proposal, values] of Object.entries(scores)) {
    for (const [index, criterion] of criteria.entries()) {
      const input = grid(page).getByLabel(`My ${criterion} score for ${proposal}, 0 to 10`)
      await expect(input).toBeEnabled()
      await input.fill(String(values[index]))
    }
  }
}

test.describe('the decision grid', () => {
  let people: Person[] = []

  test.afterEach(async () => {
    await expectCleanAndClose(people)
    people = []
  })

  test('private scores, revealed at once with the largest differences; one experiment; the PDF summary', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(120_000)
    const { links, therapist, partnerA, partnerB } = await openRoom(browser, baseURL!)
    people = [therapist, partnerA, partnerB]
    const t = therapist.page
    const a = partnerA.page
    const b = partnerB.page
    await addGoal(t, 'Sunday evenings together')
    // The therapist opens the grid; both partners follow.
    await showPart(t, 'Decision grid')

    for (const proposal of Object.keys(scoresA)) {
      await grid(t).getByLabel('New proposal').fill(proposal)
      await grid(t).getByRole('button', { name: 'Add proposal' }).click()
    }
    for (const page of [a, b]) await expect(grid(page).getByRole('rowheader')).toHaveCount(3)

    await scoreAll(a, scoresA)
    await scoreAll(b, scoresB)

    // Before the reveal each partner sees only that the other scored, never the numbers.
    for (const proposal of Object.keys(scoresA)) {
      await expect(row(a, proposal)).toContainText('Sam: scored')
      await expect(row(b, proposal)).toContainText('Maya: scored')
      await expect(row(a, proposal)).not.toContainText('Sam 9')
    }
    await expect(grid(t)).not.toContainText('Maya 7')

    await grid(t).getByRole('button', { name: 'Reveal both partners’ scores' }).click()
    for (const page of [t, a, b]) {
      await expect(row(page, 'Dinner out monthly')).toContainText('Maya 7')
      await expect(row(page, 'Dinner out monthly')).toContainText('Sam 2')
      await expect(grid(page).locator('.grid__cell--differs')).toHaveCount(3)
      await expect(row(page, 'Dinner out monthly').locator('.grid__cell--differs')).toContainText(
        'Differ most',
      )
      await expect(row(page, 'A shared calendar').locator('.grid__cell--differs')).toHaveCount(1)
      // Totals per partner: Dinner out is 18 for Maya and 13 for Sam.
      await expect(row(page, 'Dinner out monthly').locator('.grid__total')).toContainText('Maya 18')
      await expect(row(page, 'Dinner out monthly').locator('.grid__total')).toContainText('Sam 13')
    }
    await grid(t).scrollIntoViewIfNeeded()
    await t.screenshot({ path: `${screenshots}grid-revealed-therapist.png` })

    // Choosing a proposal makes it an if-then plan; the picker makes it the week's one experiment.
    await row(t, 'Sunday email off')
      .getByRole('button', { name: /^Choose/ })
      .click()
    await showPart(t, 'Review board')
    await completeExperiment(t)
    for (const page of [t, a, b]) {
      const chosen = experiment(page).getByRole('group', { name: 'Chosen experiment' })
      await expect(chosen).toContainText('it is Sunday after 5 pm')
      await expect(chosen).toContainText('Sunday email off')
      await expect(chosen).toContainText('Who: both together')
    }
    // Exactly one: choosing another proposal replaces it rather than adding a second experiment.
    await showPart(t, 'Decision grid')
    await row(t, 'A shared calendar')
      .getByRole('button', { name: /^Choose/ })
      .click()
    await showPart(t, 'Review board')
    for (const page of [t, a, b]) {
      await expect(experiment(page).getByRole('group', { name: 'Chosen experiment' })).toContainText(
        'A shared calendar',
      )
      await expect(experiment(page).getByRole('group', { name: 'Chosen experiment' })).not.toContainText(
        'Sunday email off',
      )
    }
    await experiment(t).getByLabel('Existing if-then plan').selectOption({ index: 1 })
    await experiment(t).getByRole('button', { name: 'Make it this week’s experiment' }).click()
    for (const page of [t, a, b]) {
      await expect(experiment(page).getByRole('group', { name: 'Chosen experiment' })).toContainText(
        'Sunday email off',
      )
    }

    // The experiment becomes an if-then card on the goal canvas, for everyone.
    await expectCanvasReady(t)
    await t.getByLabel('An if-then plan without a card yet').selectOption({
      label: 'If it is Sunday after 5 pm, then Sunday email off',
    })
    await t.getByRole('button', { name: 'Put the plan on the canvas' }).click()
    for (const page of [t, a, b]) {
      await page.getByRole('button', { name: 'Show everything' }).click()
      await expect(
        page.getByRole('article', { name: 'If it is Sunday after 5 pm, then Sunday email off' }),
      ).toContainText('Who: both together')
    }

    // The session summary, as a PDF from the server, holds the goal and the experiment.
    const response = await t.request.get(`/api/sessions/${links.sessionId}/summary.pdf`)
    expect(response.status()).toBe(200)
    const dir = mkdtempSync(join(tmpdir(), 'summary-'))
    const file = join(dir, 'summary.pdf')
    writeFileSync(file, await response.body())
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString()
    expect(text).toContain('Sunday evenings together')
    expect(text).toContain('Sunday email off')
  })
})

/** The review's experiment picker: the week's one if-then plan. */
function experiment(page: Page) {
  return page.getByRole('region', { name: 'The experiment for this week' })
}

/** The chosen proposal is the week's experiment; the picker asks for what it still lacks. */
async function completeExperiment(page: Page) {
  const picker = experiment(page).getByRole('group', { name: 'Chosen experiment' })
  await expect(picker).toContainText('Still missing')
  await picker.getByLabel('If…').fill('it is Sunday after 5 pm')
  await picker.getByLabel('If…').press('Enter')
  await picker.getByLabel('Who does it').selectOption({ label: 'Both together' })
  await picker.getByLabel('When to review it').fill('2026-11-29')
  await expect(picker).not.toContainText('Still missing')
}
