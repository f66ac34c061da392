/// <reference lib="dom" />
/** Every page of the navigation in light and dark theme, saved under test-results/screenshots/, and checked to show content rather than a blank frame. */
import { expect, test } from '@playwright/test'
import { saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage, reopenSample } from './pages/DataPage'

test.describe('Screenshots', () => {
  test('every page, light and dark', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    const ids = await shell.nav.getByRole('link').evaluateAll((links) => links.map((a) => (a.getAttribute('data-testid') ?? '').replace('nav-', '')))
    expect(ids.length).toBeGreaterThanOrEqual(2)
    for (const theme of ['light', 'dark'] as const) {
      await shell.setTheme(theme)
      for (const id of ids) {
        await shell.navLink(id).click()
        const root = shell.pageRoot(id)
        await expect(root).toBeVisible()
        // no page may be an empty frame or stuck loading: wait for every loading state, skeleton and placeholder row to go
        await expect(root.locator('.state--loading, .skeleton, [aria-busy="true"], .grid__row--placeholder')).toHaveCount(0)
        await expect.poll(async () => (await root.innerText()).trim().length, { message: `${id} shows content` }).toBeGreaterThan(200)
        await saveScreenshot(page, testInfo, `page-${id}-${theme}`)
      }
    }
    await shell.setTheme('light')
  })

  test('every page fits the smallest desktop window (960 x 600) without sideways scrolling', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 960, height: 600 })
    const shell = new AppShell(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    for (const id of ['data', 'overview']) {
      await shell.navLink(id).click()
      await expect(shell.pageRoot(id)).toBeVisible()
      await expect(page.getByTestId('integrity-report').or(page.getByTestId('kpis'))).toBeVisible()
      // a string expression: the e2e project is type-checked without DOM typings
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))
      expect(overflow, `${id} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0)
      await saveScreenshot(page, testInfo, `page-${id}-960`)
    }
  })

  test('demo data is marked as demo everywhere', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.demoButton.click()
      await expect(data.progress).toBeVisible()
      await expect(shell.demoBadge).toBeVisible({ timeout: 60_000 })
      await expect(shell.demoBadge).toHaveText('DEMO DATA')
      await expect(data.tableRows('interactions')).toHaveText('20,000')
      await saveScreenshot(page, testInfo, 'demo-data-light')
      await shell.navLink('overview').click()
      await expect(page.getByTestId('kpi-interactions-value')).toHaveText('20,000')
      await expect(shell.demoBadge).toBeVisible()
      await saveScreenshot(page, testInfo, 'demo-overview-light')
      await shell.setTheme('dark')
      await saveScreenshot(page, testInfo, 'demo-overview-dark')
      await shell.setTheme('light')
    } finally {
      // leave the backend as the other specs expect it: the notebook sample loaded
      await reopenSample(page)
    }
  })
})
