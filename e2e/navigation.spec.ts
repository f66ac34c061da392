/** The app frame: navigation built from the page registry, keyboard shortcuts, the theme remembered across reloads. */
import { expect, test } from '@playwright/test'
import { AppShell } from './pages/AppShell'

test.describe('App shell', () => {
  test('lists only pages that exist and switches between them by keyboard', async ({ page }) => {
    const shell = new AppShell(page)
    await shell.open('')
    // an empty route lands on the Overview
    await expect(page).toHaveURL(/#\/overview$/)
    await expect(shell.nav.getByRole('link')).toHaveText([/Overview/, /Alerts/, /Explorer/, /Hotspots/, /Clusters/, /Drift/, /Compare/, /Annotations/, /Costs/, /Routing/, /Triage/, /Sampling/, /Policy history/, /Privacy/, /Data/, /Workspace/])

    // Alt+1..9 reach the first nine pages
    await page.keyboard.press('Alt+9')
    await expect(shell.pageRoot('costs')).toBeVisible()
    await expect(shell.navLink('costs')).toHaveAttribute('aria-current', 'page')
    await page.keyboard.press('Alt+1')
    await expect(shell.pageRoot('overview')).toBeVisible()
    await page.keyboard.press('Alt+8')
    await expect(shell.pageRoot('annotations')).toBeVisible()

    // arrow keys move focus within the nav across its groups, Enter follows the link
    await shell.navLink('explorer').focus()
    await page.keyboard.press('ArrowUp')
    await expect(shell.navLink('alerts')).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(shell.navLink('explorer')).toBeFocused()
    // End jumps to the last page, Down wraps around to the first
    await page.keyboard.press('End')
    await expect(shell.navLink('workspace')).toBeFocused()
    await page.keyboard.press('ArrowDown')
    await expect(shell.navLink('overview')).toBeFocused()
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await expect(shell.pageRoot('workspace')).toBeVisible()

    // an unknown page falls back to the Overview
    await shell.open('no-such-page')
    await expect(page).toHaveURL(/#\/overview$/)
  })

  test('remembers the theme across reloads', async ({ page }) => {
    const shell = new AppShell(page)
    await shell.open('overview')
    await shell.setTheme('dark')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await shell.setTheme('light')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  })

  test('carries the filter scope across pages', async ({ page }) => {
    const shell = new AppShell(page)
    await shell.open('overview?channel=api')
    await shell.navLink('data').click()
    await expect(page).toHaveURL(/#\/data\?channel=api$/)
    await shell.navLink('overview').click()
    await expect(page).toHaveURL(/#\/overview\?channel=api$/)
    await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Channel: api')
  })

  test('the command palette (Ctrl+K) reaches every page and action, keeping the scope', async ({ page }) => {
    const shell = new AppShell(page)
    await shell.open('overview?channel=api')
    await page.keyboard.press('Control+k')
    await expect(shell.palette).toBeVisible()
    // every page is listed, with its section
    for (const id of ['overview', 'explorer', 'hotspots', 'drift', 'costs', 'routing', 'triage', 'data']) await expect(page.getByTestId(`palette-item-page-${id}`)).toBeVisible()
    await expect(page.getByTestId('palette-item-page-triage')).toContainText('Decide')
    // typing narrows the list; arrows move the selection; Enter runs it
    await page.getByTestId('palette-input').fill('rout')
    await expect(page.getByRole('option').first()).toContainText('Go to Routing')
    await page.keyboard.press('Enter')
    await expect(shell.pageRoot('routing')).toBeVisible()
    await expect(page).toHaveURL(/#\/routing\?channel=api$/)
    // an action: the knobs panel opens from the palette
    await shell.runFromPalette('knobs')
    await expect(page.getByRole('dialog', { name: /knobs/i })).toBeVisible()
    await page.keyboard.press('Escape')
    // Escape closes the palette without running anything
    await page.keyboard.press('Control+k')
    await expect(shell.palette).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(shell.palette).toBeHidden()
    await expect(shell.pageRoot('routing')).toBeVisible()
    await shell.runFromPalette('clear filters')
    await expect(page).toHaveURL(/#\/routing$/)
  })
})
