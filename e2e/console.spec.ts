/** The renderer runs clean under the web server's Content Security Policy: no console errors, no CSP violations, no page errors. */
import { expect, test } from '@playwright/test'
import { AppShell } from './pages/AppShell'

test('no console errors or CSP violations while using every page', async ({ page }) => {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  const shell = new AppShell(page)
  await shell.open('data')
  await shell.waitForDataset('input')
  for (const id of ['overview', 'data', 'overview']) {
    await shell.navLink(id).click()
    await expect(shell.pageRoot(id)).toBeVisible()
  }
  await expect(page.getByTestId('kpi-interactions-value')).toHaveText('2,400')
  await page.getByTestId('filter-model_name').click()
  await expect(page.getByRole('group', { name: 'Model values' }).getByRole('checkbox').first()).toBeVisible()
  await page.keyboard.press('Escape')
  await shell.themeToggle.click()
  await shell.themeToggle.click()
  expect(problems).toEqual([])
})
