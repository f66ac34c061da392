/** The Alerts page on generated data with a planted failure step and the generator's latency regression: both alarms with their days and responsible slice, the series chart, a drilldown with its exact count, the CSV, and the Overview's alarm panel. */
import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { createFileSinks, generateDataset } from '../scripts/generateData'
import { saveScreenshot } from './fixtures'
import { AlertsPage } from './pages/AlertsPage'
import { AppShell } from './pages/AppShell'
import { DataPage, reopenSample } from './pages/DataPage'
import { ExplorerPage } from './pages/ExplorerPage'

test.describe('Alerts', () => {
  test('lists the planted failure step and the latency regression, drills to their rows, exports anomalies.csv', async ({ page }, testInfo) => {
    test.setTimeout(180_000)
    const dir = testInfo.outputPath('planted')
    // 40,000 rows over 60 days from 2025-02-01: claude-3-haiku fails 2.5x as often from 2025-02-24; the
    // generator's own drift makes gemini-1.5-flash fail more and slow down from 2025-03-18
    generateDataset({ rows: 40_000, seed: 21, plant: { failureSteps: [{ model: 'claude-3-haiku', from: '2025-02-24', factor: 2.5 }] } }, createFileSinks(dir).sinks)
    const shell = new AppShell(page)
    const data = new DataPage(page)
    const alerts = new AlertsPage(page)
    const explorer = new ExplorerPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.openPath(dir)
      await shell.waitForDataset('planted')

      await shell.navLink('alerts').click()
      await expect(alerts.summary).toContainText('100 series')
      await expect(alerts.summary).toContainText('ANOMALY_Z 4')

      // the planted step: its model, its day, the model as the slice responsible
      const step = alerts.row(/claude-3-haiku: Failure rate up .* since 2025-02-24/)
      await expect(step).toBeVisible()
      await expect(step).toContainText('responsible: model_name = claude-3-haiku')
      // the latency regression of the drifting model, from the start of the drift (2025-03-18, within 2 days)
      const latency = alerts.row(/gemini-1\.5-flash: p95 latency up .* since 2025-03-(1[6-9]|20)/)
      await expect(latency).toBeVisible()
      await expect(latency).toContainText('responsible: model_name = gemini-1.5-flash')

      await alerts.select(latency)
      await expect(alerts.detailTitle).toContainText('p95 latency up')
      await expect(alerts.detailResponsible).toContainText('gemini-1.5-flash')
      await expect.poll(() => alerts.barPixels(), { message: 'the daily bars of the series' }).toBeGreaterThan(500)
      await saveScreenshot(page, testInfo, 'alerts')

      // a drilldown from an alarm opens exactly its rows, with the count the alarm showed
      await alerts.select(step)
      const rows = alerts.drill('alarm-rows')
      const expected = Number(await rows.getAttribute('data-expected'))
      expect(expected).toBeGreaterThan(1000)
      await rows.click()
      await expect(explorer.root).toBeVisible()
      await explorer.expectTotal(expected)
      await expect(explorer.drillBanner).toContainText('claude-3-haiku')
      await expect(page).toHaveURL(/model_name=claude-3-haiku/)
      await expect(page).toHaveURL(/from=2025-02-24/)

      // before vs after on the Compare page: A the old level's days, B the new level's, both of the model
      await page.goBack()
      await expect(alerts.detail).toBeVisible()
      await alerts.drill('alarm-compare').click()
      await expect(shell.pageRoot('compare')).toBeVisible()
      await expect(page).toHaveURL(/#\/compare\?/)
      for (const part of ['model_name=claude-3-haiku', 'from=2025-02-01', 'to=2025-02-23', 'b=']) expect(page.url()).toContain(part)

      // and its failures
      await page.goBack()
      await expect(alerts.detail).toBeVisible()
      const fails = alerts.drill('alarm-failures')
      const failures = Number(await fails.getAttribute('data-expected'))
      await fails.click()
      await explorer.expectTotal(failures)

      // anomalies.csv, as the CLI writes it
      await page.goBack()
      await expect(alerts.findings).toBeVisible()
      const [download] = await Promise.all([page.waitForEvent('download'), alerts.csvButton.click()])
      expect(download.suggestedFilename()).toBe('anomalies.csv')
      const csv = fs.readFileSync(await download.path(), 'utf8')
      expect(csv.split('\n')[0].startsWith('metric,dimension,value,date,kind,')).toBe(true)
      expect(csv).toMatch(/\nfailure_rate,model_name,claude-3-haiku,2025-02-24,change_point,/)
      expect(csv.trim().split('\n').length - 1).toBe(await alerts.findingRows.count())

      // the Overview lists the alarms beside the incidents and marks them on the daily charts; its drilldown counts too
      await shell.navLink('overview').click()
      await expect(alerts.overviewPanel).toBeVisible()
      await expect(alerts.overviewPanel).toContainText('claude-3-haiku')
      const first = page.getByTestId('alarm-1-rows')
      const n = Number(await first.getAttribute('data-expected'))
      await saveScreenshot(page, testInfo, 'overview-alarms')
      await first.click()
      await explorer.expectTotal(n)
    } finally {
      await reopenSample(page)
    }
  })

  test('says so when no series of the scope moved (the 2,400-row sample: about 40 requests a day)', async ({ page }) => {
    const shell = new AppShell(page)
    const alerts = new AlertsPage(page)
    await shell.open('alerts')
    await shell.waitForDataset('input')
    await expect(alerts.count).toHaveAttribute('data-value', '0')
    await expect(page.getByTestId('alarm-list-empty')).toContainText('ANOMALY_Z 4')
    await shell.navLink('overview').click()
    await expect(page.getByTestId('alarm-count')).toHaveText('NONE')
  })
})
