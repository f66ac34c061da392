/** The Overview page against the real backend: KPIs and daily burn equal to the independent expected artifacts, changes against the previous period, charts that draw, filters in the URL, and drilldowns that open exactly the clicked interactions. */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { SAMPLE_EXPECTED, SAMPLE_INPUT, expectedHealth, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { ExplorerPage } from './pages/ExplorerPage'
import { OverviewPage } from './pages/OverviewPage'

/** Rows of a simple CSV (the fixtures have no quoted fields), keyed by the header. */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/)
  const names = header.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])))
}

const burnDaily = (): Record<string, string>[] => readCsv(path.join(SAMPLE_EXPECTED, 'budget_burn_daily.csv'))
const interactions = (): Record<string, string>[] => readCsv(path.join(SAMPLE_INPUT, 'llm_system_interactions.csv'))
const dayOf = (ts: string): string => ts.slice(0, 10)

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
  test('shows the daily budget burn of budget_burn_daily.csv, with budgets, incidents and the change against the previous period', async ({ page }, testInfo) => {
    const days = burnDaily()
    const shell = new AppShell(page)
    const overview = new OverviewPage(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await overview.waitForKpis()

    // the whole range has no earlier data to compare with, and says so
    await expect(overview.deltaNote).toHaveText('No previous period: no requests in the 60 days before 2025-01-01 (2024-11-02 → 2024-12-31).')
    await expect(overview.kpiDelta('interactions')).toHaveCount(0)

    // the chart draws bars, red where a budget burns (every day of this sample burns the SLA budget)
    await expect(overview.burnChart).toBeVisible()
    await expect.poll(async () => (await overview.canvasPixels(overview.burnChart)).red, { message: 'the burn chart draws over-budget days' }).toBeGreaterThan(2000)
    const label = (await overview.burnChart.getAttribute('aria-label')) ?? ''
    const over = (k: string): number => days.filter((d) => d[k] === 'True').length
    expect(label).toContain(`over 60 days (2025-01-01 to 2025-03-01): failure budget over on ${over('fail_over_budget')} days, SLA budget over on ${over('sla_over_budget')} days`)
    expect(label).toContain(`cost budget over on ${over('cost_over_budget')} days`)

    // the charts export as one PNG (a download in web mode, the save dialog in the desktop app)
    const [png] = await Promise.all([page.waitForEvent('download'), overview.burnPanel.getByRole('button', { name: 'PNG' }).click()])
    expect(png.suggestedFilename()).toBe('budget_burn_daily.png')
    expect(fs.readFileSync(await png.path()).subarray(1, 4).toString('latin1')).toBe('PNG')

    // the CSV is the pipeline's artifact, written by the same code as the CLI's: same header, same days and counts
    const [csv] = await Promise.all([page.waitForEvent('download'), overview.burnPanel.getByRole('button', { name: 'CSV' }).click()])
    expect(csv.suggestedFilename()).toBe('budget_burn_daily.csv')
    const exported = readCsv(await csv.path())
    expect(Object.keys(exported[0])).toEqual(Object.keys(days[0]))
    expect(exported.map((d) => [d.date_utc, d.requests, d.fail_over_budget])).toEqual(days.map((d) => [d.date_utc, d.requests, d.fail_over_budget]))

    // the same numbers as a table, day by day, equal to the pipeline's artifact
    await overview.showBurnTable()
    for (const d of days) {
      const row = overview.burnRow(d.date_utc)
      const cells = await row.locator('td').allInnerTexts()
      expect(Number(cells[0].replace(/,/g, '')), `${d.date_utc} requests`).toBe(Number(d.requests))
      expect(Number(cells[1]), `${d.date_utc} failures`).toBe(Math.round(Number(d.fail_rate) * Number(d.requests)))
      expect(cells[2], `${d.date_utc} fail rate`).toContain(`${(Number(d.fail_budget_burn)).toFixed(2)}×`)
    }

    // incidents: the budgets burning on the last day, with their run
    await expect(overview.incident('fail')).toContainText('Failure budget burning')
    await expect(overview.incident('sla')).toContainText('since 2025-01-01 · 60 days')
    const last = days[days.length - 1]
    await expect(overview.incident('sla')).toContainText(`${Number(last.sla_budget_burn).toFixed(2)}× the budget on ${last.date_utc}`)
    await saveScreenshot(page, testInfo, 'overview-burn-table-light')

    // February against the 28 days before it: the arrows carry the change in requests, counted here from the input
    const rows = interactions()
    const inRange = (from: string, to: string): number => rows.filter((r) => dayOf(r.timestamp_utc) >= from && dayOf(r.timestamp_utc) <= to).length
    const feb = inRange('2025-02-01', '2025-02-28')
    const before = inRange('2025-01-04', '2025-01-31')
    await shell.open('overview?from=2025-02-01&to=2025-02-28')
    await expect(overview.kpiText('interactions')).toHaveText(feb.toLocaleString('en-US'))
    await expect(overview.deltaNote).toContainText(`previous 28 days (2025-01-04 → 2025-01-31, ${before.toLocaleString('en-US')} requests)`)
    const delta = overview.kpiDelta('interactions')
    await expect(delta).toHaveAttribute('data-value', String(feb - before))
    const sign = feb - before > 0 ? '+' : '−'
    await expect(delta).toContainText(`${sign}${Math.abs(feb - before).toLocaleString('en-US')} (${sign}${((Math.abs(feb - before) / before) * 100).toFixed(1)}%)`)
    await expect(overview.kpiDelta('failure_rate')).toHaveAttribute('data-direction', /up|down|flat/)
    await saveScreenshot(page, testInfo, 'overview-deltas-light')
    await shell.setTheme('dark')
    await expect.poll(async () => (await overview.canvasPixels(overview.burnChart)).red).toBeGreaterThan(1000)
    await saveScreenshot(page, testInfo, 'overview-deltas-dark')
    await shell.setTheme('light')
  })

  test('a day clicked on the requests chart opens exactly that day\'s interactions in the Explorer', async ({ page }, testInfo) => {
    const days = burnDaily()
    const shell = new AppShell(page)
    const overview = new OverviewPage(page)
    const explorer = new ExplorerPage(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await expect(overview.burnChart).toBeVisible()
    await expect.poll(async () => (await overview.canvasPixels(overview.burnChart)).drawn).toBeGreaterThan(5000)

    // the tooltip names the day under the mouse and its requests
    const point = await overview.hoverBurnDay(0, 14, days.length)
    await expect(overview.burnTooltip()).toBeVisible()
    const tip = await overview.burnTooltip().innerText()
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(tip)![1]
    const shown = Number(/Requests ([\d,]+)/.exec(tip)![1].replace(/,/g, ''))
    const expected = days.find((d) => d.date_utc === day)!
    expect(shown, `requests on ${day}`).toBe(Number(expected.requests))
    await saveScreenshot(page, testInfo, 'overview-burn-tooltip-light')

    await page.mouse.click(point.x, point.y)
    await expect(page).toHaveURL(new RegExp(`#/explorer\\?from=${day}&to=${day}`))
    await explorer.expectTotal(shown)
    await expect(explorer.drillBanner).toContainText(`Drilled down from Overview · requests on ${day}: ${shown} interactions, as shown there.`)

    // the same from the failure-rate chart opens the day's failures
    await page.goBack()
    await expect(overview.burnChart).toBeVisible()
    await expect.poll(async () => (await overview.canvasPixels(overview.burnChart)).drawn).toBeGreaterThan(5000)
    const p2 = await overview.hoverBurnDay(1, 14, days.length)
    await page.mouse.click(p2.x, p2.y)
    await expect(page).toHaveURL(/failed=1/)
    await explorer.expectTotal(Math.round(Number(expected.fail_rate) * Number(expected.requests)))
  })

  test('a failure-type bar and an incident slice open exactly their interactions', async ({ page }) => {
    const mix = expectedHealth().failure_type_mix
    const shell = new AppShell(page)
    const overview = new OverviewPage(page)
    const explorer = new ExplorerPage(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await overview.waitForKpis()
    await expect.poll(async () => (await overview.chartPixels()).bars).toBeGreaterThan(500)

    const top = mix.filter((m) => m.failure_type !== 'none')[0]
    const at = await overview.hoverFailureBar(top.failure_type)
    await page.mouse.click(at.x, at.y)
    await expect(page).toHaveURL(new RegExp(`failure_type=${top.failure_type}`))
    await explorer.expectTotal(top.count)
    await expect(explorer.drillBanner).toContainText(`${top.count} interactions, as shown there`)

    // the top slice of the failure-budget incident: its requests over the run, counted here from the input
    await page.goBack()
    const link = overview.incidentLink('incident-fail-slice')
    await expect(link).toBeVisible()
    const text = (await overview.incident('fail').innerText()).replace(/\s+/g, ' ')
    const since = /since (\d{4}-\d{2}-\d{2})/.exec(text)![1]
    const [, useCase, model] = /Top slice (\S+) × (\S+):/.exec(text)!
    const lastDay = burnDaily().at(-1)!.date_utc
    const slice = interactions().filter((r) => r.use_case === useCase && r.model_name === model && dayOf(r.timestamp_utc) >= since && dayOf(r.timestamp_utc) <= lastDay)
    await expect(link).toHaveAttribute('data-expected', String(slice.length))
    await link.click()
    await explorer.expectTotal(slice.length)
    await expect(page).toHaveURL(new RegExp(`from=${since}&to=${lastDay}&use_case=${useCase}&model_name=${model}`))

    // and its failures
    await page.goBack()
    await overview.incidentLink('incident-fail-slice-failures').click()
    await explorer.expectTotal(slice.filter((r) => r.is_failure === 'True').length)
  })
})
