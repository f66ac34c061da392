/** The Hotspots page against the real backend: heatmap, risk map and ranked slices equal the independent expected artifacts, the table settings validate, exports re-read equal, drilldowns open exactly the clicked history-window rows. */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Download } from '@playwright/test'
import { csvRecords as parseCsv } from '../src/main/artifacts/compareArtifacts'
import { SAMPLE_EXPECTED, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { HotspotsPage, canvasPixels } from './pages/HotspotsPage'

const REL = 1e-9

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.max(1, Math.abs(expected))
}

function expectedCsv(name: string): Record<string, string>[] {
  return parseCsv(fs.readFileSync(path.join(SAMPLE_EXPECTED, name), 'utf8'))
}

async function downloadedText(download: Download): Promise<string> {
  const file = await download.path()
  return fs.readFileSync(file, 'utf8')
}

const SLICE_METRICS = ['fail_rate', 'p95_latency', 'avg_cost', 'score'] as const
const MODEL_METRICS = ['fail_rate', 'p95_latency', 'cost_per_request', 'sla_breach_rate'] as const

test.describe('Hotspots page', () => {
  test('heatmap, risk map and ranked slices equal risk_slices.csv and model_hotspots.csv', async ({ page }, testInfo) => {
    const slices = expectedCsv('risk_slices.csv')
    const models = expectedCsv('model_hotspots.csv')
    const shell = new AppShell(page)
    const hot = new HotspotsPage(page)
    await shell.open('hotspots')
    await shell.waitForDataset('input')
    await hot.waitForData()

    // the page says which window its numbers come from
    await expect(hot.historyNote).toContainText('history = train alone, 1,674 rows in the dataset')

    // ranked table: the artifact's slices in the artifact's order, every number equal
    await expect(hot.slicesMinApplied).toHaveText('60')
    expect(await hot.sliceKeys()).toEqual(slices.map((s) => `${s.use_case}|${s.account_tier}`))
    for (const s of slices) {
      const row = hot.sliceRow(s.use_case, s.account_tier)
      expect(Number(await hot.value(row, 'requests')), `${s.use_case}/${s.account_tier} requests`).toBe(Number(s.requests))
      for (const m of SLICE_METRICS) {
        const shown = Number(await hot.value(row, m))
        expect(close(shown, Number(s[m])), `${s.use_case}/${s.account_tier} ${m}: shown ${shown}, expected ${s[m]}`).toBe(true)
      }
    }
    const top = hot.sliceRow('search', 'enterprise')
    await expect(top.getByTestId('fail_rate')).toHaveText('6.30%')
    await expect(top.getByTestId('p95_latency')).toHaveText('3,002.4 ms')
    await expect(top.getByTestId('score')).toHaveText('0.8085')

    // the risk map's table: every model, number and bucket of model_hotspots.csv
    await expect(hot.modelsTable.locator('tbody tr')).toHaveCount(models.length)
    for (const m of models) {
      const row = hot.modelRow(m.model_provider, m.model_name)
      expect(Number(await hot.value(row, 'requests'))).toBe(Number(m.requests))
      for (const k of MODEL_METRICS) {
        const shown = Number(await hot.value(row, k))
        expect(close(shown, Number(m[k])), `${m.model_name} ${k}: shown ${shown}, expected ${m[k]}`).toBe(true)
      }
      expect(await hot.value(row, 'bucket')).toBe(m.bucket)
    }
    await expect(hot.riskMapSla).toHaveText('2,200 ms')
    await expect(hot.riskMapHotspotRate).toHaveText('6%')

    // the charts draw: the heatmap's cells (its red end) and the risk map's high-failure markers (#e5484d)
    await expect.poll(async () => (await canvasPixels(hot.heatmapChart, [229, 72, 77], 40)).matching, { message: 'the heatmap draws its hottest cell' }).toBeGreaterThan(800)
    await expect.poll(async () => (await canvasPixels(hot.riskMapChart, [229, 72, 77], 40)).matching, { message: 'the risk map draws the red markers' }).toBeGreaterThan(800)
    const label = (await hot.heatmapChart.getAttribute('aria-label')) ?? ''
    for (const s of slices) expect(label).toContain(`${s.account_tier} ${s.use_case}`)

    await shell.setTheme('light')
    await saveScreenshot(page, testInfo, 'hotspots-light')
    await shell.setTheme('dark')
    await expect.poll(async () => (await canvasPixels(hot.riskMapChart, [229, 72, 77], 40)).matching).toBeGreaterThan(800)
    await saveScreenshot(page, testInfo, 'hotspots-dark')
    await shell.setTheme('light')

    // the heatmap's table view: the cells of the tier x use-case grid, all above the default support
    await hot.showHeatmapTable()
    for (const s of slices) {
      const cell = hot.heatCell(s.account_tier, s.use_case)
      expect(Number(await cell.getAttribute('data-requests'))).toBe(Number(s.requests))
      expect(close(Number(await cell.getAttribute('data-fail-rate')), Number(s.fail_rate))).toBe(true)
      await expect(cell).toHaveAttribute('data-supported', 'true')
    }
    await expect(hot.heatCell('enterprise', 'coding')).toContainText('9.40%')
    await expect(hot.heatCell('enterprise', 'coding')).toContainText('n=117')
  })

  test('the slice table takes any two dimensions and a validated minimum support; CSV and artifacts re-read equal', async ({ page }) => {
    const slices = expectedCsv('risk_slices.csv')
    const models = expectedCsv('model_hotspots.csv')
    const shell = new AppShell(page)
    const hot = new HotspotsPage(page)
    await shell.open('hotspots')
    await shell.waitForDataset('input')
    await hot.waitForData()

    // invalid minimum support: a clear message, the table keeps its last valid answer
    for (const bad of ['0', '-4', '2.5', 'abc']) {
      await hot.minSupport.fill(bad)
      await expect(hot.minSupportError).toBeVisible()
    }
    await expect(hot.minSupportError).toHaveText('Minimum support must be a whole number of requests (1 or more).')
    await hot.minSupport.fill('0')
    await expect(hot.minSupportError).toHaveText('Minimum support must be at least 1 request.')
    await expect(hot.slicesMinApplied).toHaveText('60')

    // a valid one applies (and lands in the URL)
    await hot.minSupport.fill('110')
    await expect(hot.minSupportError).toHaveCount(0)
    await expect(hot.slicesMinApplied).toHaveText('110')
    await expect(page).toHaveURL(/min=110/)
    const atLeast110 = slices.filter((s) => Number(s.requests) >= 110)
    await expect(hot.slicesCount).toHaveText(String(atLeast110.length))
    expect(await hot.sliceKeys()).toEqual(atLeast110.map((s) => `${s.use_case}|${s.account_tier}`))

    // two other dimensions, minimum 1: every history-window row falls in exactly one slice
    await hot.minSupport.fill('1')
    await hot.setDimensions('model_name', 'region')
    await expect(hot.slicesMinApplied).toHaveText('1')
    await expect(page.getByTestId('slices-table').locator('thead')).toContainText('Model')
    await expect(page.getByTestId('slices-table').locator('thead')).toContainText('Region')
    await expect(page.locator('.is-stale')).toHaveCount(0)
    const requests = await hot.sliceRows.getByTestId('requests').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))))
    expect(requests.reduce((a, b) => a + b, 0)).toBe(1674)
    const scores = await hot.sliceRows.getByTestId('score').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))))
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)

    // back to the artifact's dimensions and support; export the table and read the file back
    await hot.minSupport.fill('')
    await hot.setDimensions('use_case', 'account_tier')
    await expect(hot.slicesMinApplied).toHaveText('60')
    await expect(page.locator('.is-stale')).toHaveCount(0)
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), hot.slicesCsv.click()])
    expect(csvDownload.suggestedFilename()).toBe('risk_slices_use_case_x_account_tier_min60.csv')
    const exported = parseCsv(await downloadedText(csvDownload))
    expect(exported.map((r) => `${r.use_case}|${r.account_tier}`)).toEqual(slices.map((s) => `${s.use_case}|${s.account_tier}`))
    exported.forEach((r, i) => {
      expect(Number(r.requests)).toBe(Number(slices[i].requests))
      for (const m of SLICE_METRICS) expect(close(Number(r[m]), Number(slices[i][m])), `${m} of row ${i}`).toBe(true)
    })

    // the model table too
    const [modelsDownload] = await Promise.all([page.waitForEvent('download'), hot.hotspotsCsv.click()])
    const exportedModels = parseCsv(await downloadedText(modelsDownload))
    expect(exportedModels.map((r) => [r.model_provider, r.model_name, r.bucket])).toEqual(models.map((m) => [m.model_provider, m.model_name, m.bucket]))

    // the artifacts, as the CLI writes them
    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    await hot.artifactsButton.click()
    await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(2)
    const byName = Object.fromEntries(await Promise.all(downloads.map(async (d) => [d.suggestedFilename(), parseCsv(await downloadedText(d))] as const)))
    expect(Object.keys(byName).sort()).toEqual(['model_hotspots.csv', 'risk_slices.csv'])
    expect(Object.keys(byName['risk_slices.csv'][0])).toEqual(Object.keys(slices[0]))
    byName['risk_slices.csv'].forEach((r, i) => {
      expect([r.use_case, r.account_tier, r.requests]).toEqual([slices[i].use_case, slices[i].account_tier, slices[i].requests])
      for (const m of SLICE_METRICS) expect(close(Number(r[m]), Number(slices[i][m]))).toBe(true)
    })
    byName['model_hotspots.csv'].forEach((r, i) => {
      expect([r.model_provider, r.model_name, r.requests, r.bucket]).toEqual([models[i].model_provider, models[i].model_name, models[i].requests, models[i].bucket])
      for (const m of MODEL_METRICS) expect(close(Number(r[m]), Number(models[i][m]))).toBe(true)
    })

    // a chart exports as a PNG
    const [png] = await Promise.all([page.waitForEvent('download'), hot.heatmapPng.click()])
    expect(png.suggestedFilename()).toBe('failure_rate_account_tier_x_use_case.png')
    const bytes = fs.readFileSync(await png.path())
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(5000)
  })

  test('a slice row, a heatmap cell and a model open exactly their history-window interactions in the Explorer', async ({ page }) => {
    const shell = new AppShell(page)
    const hot = new HotspotsPage(page)
    const count = page.getByTestId('explorer-count')

    await shell.open('hotspots')
    await shell.waitForDataset('input')
    await hot.waitForData()
    await hot.sliceRow('search', 'enterprise').click()
    await expect(page).toHaveURL(/#\/explorer\?/)
    await expect(page).toHaveURL(/use_case=search/)
    await expect(page).toHaveURL(/account_tier=enterprise/)
    await expect(count).toHaveAttribute('data-value', '127')
    await expect(page.getByTestId('drilldown-banner')).toContainText('127 interactions, as shown there')

    await page.goBack()
    await hot.waitForData()
    await hot.showHeatmapTable()
    await hot.heatCell('enterprise', 'coding').getByRole('button').click()
    await expect(page).toHaveURL(/use_case=coding/)
    await expect(count).toHaveAttribute('data-value', '117')

    await page.goBack()
    await hot.waitForData()
    await hot.modelRow('openai', 'gpt').click()
    await expect(page).toHaveURL(/model_name=gpt/)
    await expect(count).toHaveAttribute('data-value', '407')
  })
})
