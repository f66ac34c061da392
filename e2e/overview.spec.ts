/** The Overview page against the real backend: KPIs equal to the independent expected health snapshot, a chart that draws, filters in the URL. */
import { expect, test } from '@playwright/test'
import { expectedHealth, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { OverviewPage } from './pages/OverviewPage'

const REL = 1e-9

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.max(1, Math.abs(expected))
}

test.describe('Overview page', () => {
  test('shows the health KPIs of test/fixtures/notebook-sample/expected/health_snapshot.json', async ({ page }, testInfo) => {
    const expected = expectedHealth()
    const shell = new AppShell(page)
    const overview = new OverviewPage(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await overview.waitForKpis()

    // what the operator reads
    await expect(overview.kpiText('interactions')).toHaveText('2,400')
    await expect(overview.kpiText('failure_rate')).toHaveText('5.83%')
    await expect(overview.kpiText('sla_breach_rate')).toHaveText('19.2%')
    await expect(overview.kpiText('p95_latency_ms')).toHaveText('2,644.5 ms')
    await expect(overview.kpiText('total_cost_usd')).toHaveText('$4.70')
    await expect(overview.kpiText('avg_cost_per_request')).toHaveText('$0.00196')
    await expect(overview.kpiText('tool_usage_share')).toHaveText('27.5%')
    await expect(overview.kpiText('safety_blocks_share')).toHaveText('0.92%')
    await expect(overview.kpiText('health_score')).toHaveText('62.1')

    // the exact numbers behind the cards, against the independent implementation
    const ids = ['interactions', 'failure_rate', 'sla_breach_rate', 'p95_latency_ms', 'total_cost_usd', 'avg_cost_per_request', 'tool_usage_share', 'safety_blocks_share', 'health_score'] as const
    for (const id of ids) {
      const raw = await overview.kpiRaw(id)
      expect(close(raw, expected[id]), `${id}: shown ${raw}, expected ${expected[id]}`).toBe(true)
    }

    // the failure-type mix lists every failure type but none, and the chart actually draws bars
    await expect(overview.failureMix).toBeVisible()
    const label = await overview.failureMixChart.getAttribute('aria-label')
    for (const m of expected.failure_type_mix.filter((x) => x.failure_type !== 'none')) expect(label).toContain(m.failure_type)
    await expect.poll(async () => (await overview.chartPixels()).bars, { message: 'the failure-mix chart draws its bars' }).toBeGreaterThan(500)

    await shell.setTheme('light')
    await saveScreenshot(page, testInfo, 'overview-light')
    await shell.setTheme('dark')
    await expect.poll(async () => (await overview.chartPixels()).bars).toBeGreaterThan(500)
    await saveScreenshot(page, testInfo, 'overview-dark')
    await shell.setTheme('light')
  })

  test('a filter narrows the KPIs, lives in the URL, and back/forward restore it', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const overview = new OverviewPage(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await overview.waitForKpis()
    await expect(overview.kpiText('interactions')).toHaveText('2,400')

    // the option list offers the dataset's values with their counts
    await page.getByTestId('filter-use_case').click()
    const options = page.getByRole('group', { name: 'Use case values' })
    await expect(options.getByRole('checkbox')).toHaveCount(5)
    await expect(options.locator('label', { hasText: 'coding' })).toContainText('480')
    await saveScreenshot(page, testInfo, 'overview-filter-open')
    await page.keyboard.press('Escape')

    await overview.filter('use_case', ['coding'])
    await expect(page).toHaveURL(/#\/overview\?use_case=coding$/)
    await expect(overview.chips).toContainText('Use case: coding')
    await expect(overview.kpiText('interactions')).toHaveText('480')
    await saveScreenshot(page, testInfo, 'overview-filtered')

    await page.goBack()
    await expect(page).toHaveURL(/#\/overview$/)
    await expect(overview.kpiText('interactions')).toHaveText('2,400')
    await expect(overview.chips).toHaveCount(0)

    await page.goForward()
    await expect(overview.kpiText('interactions')).toHaveText('480')

    // a chip removes its filter
    await page.getByRole('button', { name: 'Remove filter Use case: coding' }).click()
    await expect(overview.kpiText('interactions')).toHaveText('2,400')

    // a scope that selects nothing says so and offers a way out
    await shell.open('overview?use_case=no-such-use-case')
    await expect(page.getByTestId('overview-no-rows')).toBeVisible()
    await page.getByRole('button', { name: 'Clear all filters' }).click()
    await expect(overview.kpiText('interactions')).toHaveText('2,400')
  })
})
