/** A header-only interactions file through the UI: the load fails with the message naming the file, and the loaded dataset stays usable. */
import { expect, test } from '@playwright/test'
import path from 'node:path'
import { REPO_ROOT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage } from './pages/DataPage'

test('a header-only interactions file is refused by name and the previous dataset stays loaded', async ({ page }, testInfo) => {
  const shell = new AppShell(page)
  const data = new DataPage(page)
  await shell.open('data')
  await shell.waitForDataset('input')

  const dir = path.join(REPO_ROOT, 'e2e/fixtures/header-only')
  await data.openPath(dir)
  await expect(data.loadError).toBeVisible()
  await expect(data.loadError).toContainText(`Could not load ${dir}`)
  await expect(data.loadErrorMessage).toContainText('llm_system_interactions.csv: header only, no data rows; there is nothing to analyze')
  await expect(data.loadError).toContainText('The previous dataset, input, is still loaded')
  await expect(shell.datasetLabel).toHaveText('input')
  await expect(data.tableRows('interactions')).toHaveText('2,400')
  await saveScreenshot(page, testInfo, 'data-header-only')

  await shell.navLink('overview').click()
  await expect(page.getByTestId('kpi-interactions-value')).toHaveText('2,400')
})
