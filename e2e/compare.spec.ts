/** The Compare page against the real backend: model B against model A with intervals, tests and verdicts equal to the statistics of the input file's rows, drilldowns to either side, swap, export, and the filter bar's Compare menu. */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { csvRecords as parseCsv } from '../src/main/artifacts/compareArtifacts'
import { mannWhitneyU, rankSums, twoProportion, welchTTest } from '../src/main/analysis/twoSampleStats'
import { SAMPLE_INPUT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { ComparePage } from './pages/ComparePage'
import { canvasPixels } from './pages/HotspotsPage'

const interactions = (): Record<string, string>[] => parseCsv(fs.readFileSync(path.join(SAMPLE_INPUT, 'llm_system_interactions.csv'), 'utf8'))

function close(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(1e-12, Math.abs(expected))
}

const nums = (rows: Record<string, string>[], col: string): number[] => rows.map((r) => r[col]).filter((v) => v !== '' && v !== 'nan').map(Number)
const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length
const variance = (v: number[]): number => {
  const m = mean(v)
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)
}

test.describe('Compare page', () => {
  test('says whether model B is worse than A, with a 95% interval, and drills into either side', async ({ page }, testInfo) => {
    const input = interactions()
    const rowsA = input.filter((r) => r.model_name === 'gpt')
    const rowsB = input.filter((r) => r.model_name === 'claude')
    const shell = new AppShell(page)
    const cmp = new ComparePage(page)
    await shell.open('compare')
    await shell.waitForDataset('input')
    await expect(cmp.noB).toBeVisible()

    await cmp.pickModels('gpt', 'claude')
    await expect(page).toHaveURL(/#\/compare\?model_name=gpt&b=model_name%3Dclaude$/)
    await cmp.waitForResult()
    await expect(cmp.aDesc).toHaveText('Model: gpt')
    await expect(cmp.bDesc).toHaveText('Model: claude')
    await expect(cmp.aCount).toHaveAttribute('data-value', String(rowsA.length))
    await expect(cmp.bCount).toHaveAttribute('data-value', String(rowsB.length))

    // failure rate: claude fails 43 of 600, gpt 25 of 600 -> B worse, with Newcombe's interval and the z test
    const xA = rowsA.filter((r) => r.is_failure === 'True').length
    const xB = rowsB.filter((r) => r.is_failure === 'True').length
    expect([xA, xB]).toEqual([25, 43])
    const ref = twoProportion(xA, rowsA.length, xB, rowsB.length)
    expect(await cmp.cell('failure_rate', 'a-value')).toBe(xA / rowsA.length)
    expect(await cmp.cell('failure_rate', 'b-value')).toBe(xB / rowsB.length)
    const ci = await cmp.interval('failure_rate')
    expect(close(ci.low, ref.ci.low) && close(ci.high, ref.ci.high)).toBe(true)
    expect(ci.low).toBeGreaterThan(0)
    expect(close(await cmp.pValue('failure_rate'), ref.pValue)).toBe(true)
    await expect(cmp.row('failure_rate')).toHaveAttribute('data-outcome', 'b_worse')
    await expect(cmp.verdict('failure_rate')).toHaveText(/^B is worse than A on failure rate: 7\.2% vs 4\.2% \(\+3 pp, 95% CI \+[\d.]+ pp to \+[\d.]+ pp; p = 0\.0\d+\), 1\.72 times A's rate\.$/)
    await expect(cmp.summary).toContainText('B is worse than A on failure rate')

    // cost per request: Welch on the rows' costs; median latency: Mann-Whitney on the rows' latencies
    const ca = nums(rowsA, 'cost_usd')
    const cb = nums(rowsB, 'cost_usd')
    const w = welchTTest({ n: ca.length, mean: mean(ca), variance: variance(ca) }, { n: cb.length, mean: mean(cb), variance: variance(cb) })
    const cci = await cmp.interval('cost')
    expect(close(cci.low, w.ci.low, 1e-6) && close(cci.high, w.ci.high, 1e-6)).toBe(true)
    expect(close(await cmp.pValue('cost'), w.pValue, 1e-6)).toBe(true)
    const u = mannWhitneyU(rankSums(nums(rowsA, 'latency_ms'), nums(rowsB, 'latency_ms')))
    expect(close(await cmp.pValue('latency_median'), u.pValue)).toBe(true)
    for (const metric of ['failure_rate', 'sla_breach_rate', 'quality', 'feedback', 'latency_median', 'latency_p95', 'cost']) {
      await expect(cmp.verdict(metric)).not.toBeEmpty()
    }

    // the interval chart draws (the red of "B worse")
    await shell.setTheme('light')
    await expect.poll(async () => (await canvasPixels(cmp.chart, [229, 72, 77])).matching, { message: 'the failure-rate interval' }).toBeGreaterThan(30)
    await saveScreenshot(page, testInfo, 'compare-models')

    // the export holds every metric at full precision
    const [download] = await Promise.all([page.waitForEvent('download'), cmp.csv.click()])
    expect(download.suggestedFilename()).toBe('comparison.csv')
    const exported = parseCsv(fs.readFileSync(await download.path(), 'utf8'))
    expect(exported.map((r) => r.metric)).toEqual(['failure_rate', 'sla_breach_rate', 'quality', 'feedback', 'latency_median', 'latency_p95', 'cost'])
    expect(Number(exported[0].a_events)).toBe(xA)
    expect(close(Number(exported[0].ci_low), ref.ci.low)).toBe(true)

    // B's failures open exactly those rows in the Explorer
    await cmp.row('failure_rate').getByTestId('compare-b-failures').click()
    await expect(page).toHaveURL(/#\/explorer\?model_name=claude&failed=1/)
    await expect(page.getByTestId('explorer-count')).toHaveAttribute('data-value', String(xB))
    await page.goBack()
    await cmp.waitForResult()
    await cmp.aCount.click()
    await expect(page.getByTestId('explorer-count')).toHaveAttribute('data-value', String(rowsA.length))
    await page.goBack()
    await cmp.waitForResult()

    // swapping the sides flips the verdict
    await cmp.swap.click()
    await expect(page).toHaveURL(/#\/compare\?model_name=claude&b=model_name%3Dgpt$/)
    await cmp.waitForResult()
    await expect(cmp.row('failure_rate')).toHaveAttribute('data-outcome', 'b_better')
  })

  test('is reachable from any filter state: another model, the previous period', async ({ page }) => {
    const input = interactions()
    const shell = new AppShell(page)
    const cmp = new ComparePage(page)
    await shell.open('overview?model_name=claude&use_case=coding')
    await shell.waitForDataset('input')
    await cmp.menu.click()
    await page.getByTestId('compare-menu-model-llama').click()
    await expect(page).toHaveURL(/#\/compare\?use_case=coding&model_name=claude&b=use_case%3Dcoding%26model_name%3Dllama$/)
    await cmp.waitForResult()
    const n = (model: string): number => input.filter((r) => r.use_case === 'coding' && r.model_name === model).length
    await expect(cmp.aCount).toHaveAttribute('data-value', String(n('claude')))
    await expect(cmp.bCount).toHaveAttribute('data-value', String(n('llama')))
    // 120 a side: the failure test is a Fisher or z test with small counts; either way it says something or says why not
    await expect(cmp.verdict('failure_rate')).toHaveText(/^(B is (worse|better) than A|No clear difference|Too few requests)/)

    // the previous period of February is January (same filters)
    await shell.open('costs?from=2025-02-01&to=2025-02-28&model_name=gpt')
    await cmp.menu.click()
    await page.getByTestId('compare-menu-previous').click()
    await expect(page).toHaveURL(/#\/compare\?from=2025-01-04&to=2025-01-31&model_name=gpt&b=from%3D2025-02-01%26to%3D2025-02-28%26model_name%3Dgpt$/)
    await cmp.waitForResult()
    const inRange = (from: string, to: string): number => input.filter((r) => r.model_name === 'gpt' && r.timestamp_utc.slice(0, 10) >= from && r.timestamp_utc.slice(0, 10) <= to).length
    await expect(cmp.aCount).toHaveAttribute('data-value', String(inRange('2025-01-04', '2025-01-31')))
    await expect(cmp.bCount).toHaveAttribute('data-value', String(inRange('2025-02-01', '2025-02-28')))
  })
})
