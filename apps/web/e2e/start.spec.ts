import { expect, test } from '@playwright/test'

test('the start page sends therapists to sign in and partners to their link', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('A shared board for the couples session')
  await page.getByRole('link', { name: 'Create an account' }).click()
  await expect(page).toHaveURL(/\/sign-up$/)
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.getByRole('alert')).toHaveText('Please check the highlighted fields.')
  await expect(page.getByText('A password is at least 12 characters.')).toBeVisible()
  await page.getByRole('link', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
})

test('the dashboard asks for sign-in first', async ({ page }) => {
  await page.goto('/dashboard')
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdashboard$/)
})

test('a malformed session link says so plainly', async ({ page }) => {
  await page.goto('/s/a')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This board could not be opened')
})
