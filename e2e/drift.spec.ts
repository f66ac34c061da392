/** The Drift page against the real backend in web mode: the notebook sample's drift report per window pair (severity, PSI, TV to 1e-9), the distributions drawn, two validated date ranges, the export read back, and a category bar drilling into the Explorer. */
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { SAMPLE_EXPECTED, saveScreenshot as saveFullPage } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DriftPage } from './pages/DriftPage'

/** A full-page screenshot from the top (sticky header and navigation drawn where they belong). */
async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  await saveFullPage(page, testInfo, name)
}

/** PSI / TV of our pipeline and of the independent implementation differ by float noise (~1e-17); PIPELINE.md allows 1e-6. */
const TOL = 1e-9

interface ExpectedRow {
  windowing_method: string
  reference_rows: number
  current_rows: number
  feature: string
  severity: string
  psi: number | null
  tv: number | null
  raw: string[]
}

function expectedDrift(): ExpectedRow[] {
  const lines = fs.readFileSync(path.join(SAMPLE_EXPECTED, 'drift_report.csv'), 'utf8').split('\n').filter(Boolean)
  const header = lines[0].split(',')
  const col = (name: string): number => header.indexOf(name)
  const num = (v: string): number | null => (v === '' ? null : Number(v))
  return lines.slice(1).map((l) => {
    const c = l.split(',')
    return {
      windowing_method: c[col('windowing_method')],
      reference_rows: Number(c[col('reference_rows')]),
      current_rows: Number(c[col('current_rows')]),
      feature: c[col('feature')],
      severity: c[col('severity')],
      psi: num(c[col('psi')]),
      tv: num(c[col('tv_distance')]),
      raw: c
    }
  })
}

function expectSameFeatures(got: { feature: string; severity: string; psi: number | null; tv: number | null }[], want: ExpectedRow[]): void {
  // the same features in the same order (severity, then PSI, then TV, descending)
  expect(got.map((g) => g.feature)).toEqual(want.map((w) => w.feature))
  got.forEach((g, i) => {
    const w = want[i]
    expect(g.severity, g.feature).toBe(w.severity)
    for (const [a, b, name] of [
      [g.psi, w.psi, 'psi'],
      [g.tv, w.tv, 'tv']
    ] as const) {
      if (b === null) expect(a, `${g.feature} ${name}`).toBeNull()
      else expect(Math.abs((a as number) - b), `${g.feature} ${name}: ${a} vs ${b}`).toBeLessThan(TOL)
    }
  })
}

test.describe('Drift page', () => {
  test('history vs evaluation and early vs recent match the notebook sample, and distributions draw', async ({ page }, testInfo) => {
    const expected = expectedDrift()
    const shell = new AppShell(page)
    const drift = new DriftPage(page)
    await shell.open('drift')
    await shell.waitForDataset('input')

    // history vs evaluation: the dataset's split
    await expect(drift.tab('history_vs_evaluation')).toHaveAttribute('aria-selected', 'true')
    await expect(drift.method).toHaveText('dataset_split')
    await expect(drift.referenceRows).toHaveText('1,674')
    await expect(drift.currentRows).toHaveText('359')
    const hve = expected.filter((r) => r.windowing_method === 'dataset_split')
    expectSameFeatures(await drift.features(), hve)
    await expect(page.getByTestId('drift-severity-response_quality_score')).toHaveText('low')
    await expect(drift.row('account_tier')).toContainText('TV 0.0649')
    await expect(drift.row('account_tier')).toContainText('χ² 0.0419')

    // the first feature is selected; a numeric one draws the PSI bins, both sides
    await expect(drift.distribution).toContainText('response_quality_score')
    await drift.selectFeature('latency_ms')
    await expect(drift.distribution).toContainText('PSI 0.0245')
    await expect(drift.distributionChart).toHaveAttribute('aria-label', /^latency_ms, History vs Evaluation: \[/)
    await expect.poll(async () => (await drift.barPixels()).reference, { message: 'reference bars' }).toBeGreaterThan(2000)
    await expect.poll(async () => (await drift.barPixels()).current, { message: 'current bars' }).toBeGreaterThan(2000)
    await expect(page).toHaveURL(/#\/drift\?feature=latency_ms$/)

    await shell.setTheme('light')
    await saveScreenshot(page, testInfo, 'drift-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'drift-dark')
    await shell.setTheme('light')

    // a categorical feature: categories side by side
    await drift.selectFeature('use_case')
    await expect(drift.distribution).toContainText('TV 0.0413')
    await expect(drift.distributionChart).toHaveAttribute('aria-label', /coding/)
    await expect.poll(async () => (await drift.barPixels()).current).toBeGreaterThan(1000)

    // early vs recent: first 40% vs last 20% of the timed rows
    await drift.tab('temporal_early_vs_recent').click()
    await expect(drift.method).toHaveText('temporal_early_vs_recent')
    await expect(drift.referenceRows).toHaveText('960')
    await expect(drift.currentRows).toHaveText('480')
    expectSameFeatures(
      await drift.features(),
      expected.filter((r) => r.windowing_method === 'temporal_early_vs_recent')
    )
    await saveScreenshot(page, testInfo, 'drift-early-vs-recent-light')
  })

  test('compares two date ranges the operator picks, validated against the data days, and exports all blocks', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const drift = new DriftPage(page)
    await shell.open('drift')
    await shell.waitForDataset('input')
    await drift.tab('date_ranges').click()
    await expect(drift.rangesForm).toBeVisible()
    await expect(page.getByTestId('drift-pick-ranges')).toBeVisible()
    // the suggestion: the first half of the days against the second half
    await expect(drift.rangeInput('referenceFrom')).toHaveValue('2025-01-01')
    await expect(drift.rangeInput('currentTo')).toHaveValue('2025-03-01')

    // outside the data, and an end before its start: named, and nothing is computed
    await drift.rangeInput('currentTo').fill('2025-03-05')
    await expect(drift.rangesForm.getByRole('alert')).toContainText('the data runs from 2025-01-01 to 2025-03-01')
    await drift.rangeInput('currentTo').fill('2025-03-01')
    await drift.rangeInput('referenceFrom').fill('2025-02-01')
    await drift.rangeInput('referenceTo').fill('2025-01-31')
    await expect(drift.rangesForm.getByRole('alert')).toContainText('must not be before the start')
    await expect(drift.applyRanges).toBeDisabled()

    // January against February (1,270 and 1,130 rows of the sample)
    await drift.rangeInput('referenceFrom').fill('2025-01-01')
    await drift.rangeInput('currentFrom').fill('2025-02-01')
    await drift.applyRanges.click()
    await expect(page).toHaveURL(/win=date_ranges/)
    await expect(page).toHaveURL(/rf=2025-01-01&rt=2025-01-31/)
    await expect(drift.method).toHaveText('date_ranges')
    await expect(drift.referenceRows).toHaveText('1,270')
    await expect(drift.currentRows).toHaveText('1,130')
    const features = await drift.features()
    expect(features.length).toBe(16)
    for (const f of features) expect(['high', 'medium', 'low', 'insufficient_data']).toContain(f.severity)
    await expect(drift.distributionChart).toHaveAttribute('aria-label', /Reference 2025-01-01 – 2025-01-31 vs Current 2025-02-01 – 2025-03-01/)
    await saveScreenshot(page, testInfo, 'drift-date-ranges-light')

    // the export holds the three blocks in order, the first two equal to the reference artifact
    const [download] = await Promise.all([page.waitForEvent('download'), drift.exportCsv.click()])
    expect(download.suggestedFilename()).toBe('drift_report.csv')
    const lines = fs.readFileSync(await download.path(), 'utf8').split('\n').filter(Boolean)
    const expected = expectedDrift()
    expect(lines[0]).toBe(fs.readFileSync(path.join(SAMPLE_EXPECTED, 'drift_report.csv'), 'utf8').split('\n')[0])
    expect(lines).toHaveLength(1 + expected.length + 16)
    expected.forEach((w, i) => {
      const c = lines[i + 1].split(',')
      expect(c.slice(0, 9), `row ${i + 1}`).toEqual(w.raw.slice(0, 9))
      expect(c[11], `row ${i + 1} severity`).toBe(w.raw[11])
      for (const k of [9, 10, 12, 13, 14]) {
        if (w.raw[k] === '') expect(c[k]).toBe('')
        else expect(Math.abs(Number(c[k]) - Number(w.raw[k])), `row ${i + 1} col ${k}`).toBeLessThan(TOL)
      }
    })
    const third = lines.slice(1 + expected.length).map((l) => l.split(','))
    expect(new Set(third.map((c) => c[6]))).toEqual(new Set(['date_ranges']))
    expect(third.every((c) => c[4] === '1270' && c[5] === '1130')).toBe(true)
  })

  test('a category bar opens those requests in the Explorer', async ({ page }) => {
    const shell = new AppShell(page)
    const drift = new DriftPage(page)
    await shell.open('drift?feature=use_case')
    await shell.waitForDataset('input')
    await expect(drift.featureButton('use_case')).toHaveAttribute('aria-pressed', 'true')
    // the first category's evaluation (blue) bar: the top-most blue pixels of the chart
    await expect.poll(async () => (await drift.barPixels()).current).toBeGreaterThan(1000)
    const spot = await drift.distributionChart.evaluate((el) => {
      const canvas = el.querySelector('canvas')!
      const ctx = canvas.getContext('2d')!
      const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      for (let y = 0; y < height; y++) {
        let xs = 0
        let n = 0
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4
          if (Math.abs(data[i] - 0x4c) < 16 && Math.abs(data[i + 1] - 0x7c) < 16 && Math.abs(data[i + 2] - 0xf0) < 16 && data[i + 3] > 200) {
            xs += x
            n++
          }
        }
        // a bar row, not the legend swatch
        if (n > 60) return { x: xs / n / (canvas.width / canvas.clientWidth), y: (y + 4) / (canvas.height / canvas.clientHeight) }
      }
      return null
    })
    expect(spot).not.toBeNull()
    await drift.distributionChart.click({ position: spot! })
    await expect(page).toHaveURL(/#\/explorer\?use_case=[a-z]+&/)
    const params = new URLSearchParams(page.url().split('#')[1].split('?')[1])
    const category = params.get('use_case')
    expect(params.get('origin')).toBe(`Drift · use_case = ${category} (evaluation)`)
    // the category's evaluation rows of the sample
    const counts: Record<string, number> = { summarization: 79, search: 78, analytics: 70, support: 67, coding: 65 }
    expect(params.get('expect')).toBe(String(counts[category!]))
    await expect(page.getByTestId('drilldown-banner')).toContainText(`Drift · use_case = ${category}`)
  })
})
