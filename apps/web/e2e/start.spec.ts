import { expect, test } from '@playwright/test'

test('the start page opens a new session, which asks for a name and role first', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A shared board for the couples session')
  await page.getByRole('link', { name: 'Start a new session' }).click()
  await expect(page).toHaveURL(/\/s\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { name: 'Join the session board' })).toBeVisible()
  await page.getByRole('button', { name: 'Join the session' }).click()
  await expect(page.getByRole('alert')).toHaveText('Please give a name.')
})

test('a malformed session link says so plainly', async ({ page }) => {
  await page.goto('/s/a')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This board could not be opened')
})
