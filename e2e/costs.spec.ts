/** The Costs page against the real backend: daily cost equal to budget_burn_daily.csv, breakdowns equal to sums over the input file, the forecast equal to its stated method, exports re-read, drilldowns to exactly the clicked rows. */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { csvRecords as parseCsv } from '../src/main/artifacts/compareArtifacts'
import { SAMPLE_EXPECTED, SAMPLE_INPUT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { CostsPage } from './pages/CostsPage'
import { canvasPixels } from './pages/HotspotsPage'

const REL = 1e-9

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.max(1, Math.abs(expected))
}

const burn = (): Record<string, string>[] => parseCsv(fs.readFileSync(path.join(SAMPLE_EXPECTED, 'budget_burn_daily.csv'), 'utf8'))
const interactions = (): Record<string, string>[] => parseCsv(fs.readFileSync(path.join(SAMPLE_INPUT, 'llm_system_interactions.csv'), 'utf8'))

/** Cost and requests per value of one column of the input file. */
function sumBy(rows: Record<string, string>[], column: string): Map<string, { cost: number; requests: number }> {
  const out = new Map<string, { cost: number; requests: number }>()
  for (const r of rows) {
    const e = out.get(r[column]) ?? { cost: 0, requests: 0 }
    e.cost += r.cost_usd === '' ? 0 : Number(r.cost_usd)
    e.requests += 1
    out.set(r[column], e)
  }
  return out
}

/** The forecast as the page states its method: month to date plus a least-squares line over the last 14 days, never below 0. */
function forecastFromDays(days: { date: string; cost: number }[]): { month: string; mtd: number; total: number } {
  const last = days[days.length - 1].date
  const month = last.slice(0, 7)
  const window = days.slice(-14).map((d) => d.cost)
  const n = window.length
  const mx = (n - 1) / 2
  const my = window.reduce((s, v) => s + v, 0) / n
  let sxy = 0
  let sxx = 0
  window.forEach((v, i) => {
    sxy += (i - mx) * (v - my)
    sxx += (i - mx) ** 2
  })
  const slope = sxy / sxx
  const intercept = my - slope * mx
  const [y, m] = month.split('-').map(Number)
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const mtd = days.filter((d) => d.date.startsWith(month)).reduce((s, d) => s + d.cost, 0)
  let total = mtd
  for (let k = 1; Number(last.slice(8)) + k <= daysInMonth; k++) total += Math.max(0, intercept + slope * (n - 1 + k))
  return { month, mtd, total }
}

test.describe('Costs page', () => {
  test('cost by day equals budget_burn_daily.csv; breakdowns, forecast and per-model panels are right and drawn', async ({ page }, testInfo) => {
    const expected = burn()
    const input = interactions()
    const shell = new AppShell(page)
    const costs = new CostsPage(page)
    await shell.open('costs')
    await shell.waitForDataset('input')
    await costs.waitForData()

    // KPIs: the total is the sum of the daily costs; no day is over the default $60 budget
    const total = expected.reduce((s, d) => s + Number(d.cost), 0)
    expect(close(await costs.kpiRaw('total'), total)).toBe(true)
    await expect(costs.kpi('total-value')).toHaveText('$4.70')
    expect(await costs.kpiRaw('requests')).toBe(2400)
    const overExpected = expected.filter((d) => d.cost_over_budget === 'True').length
    expect(await costs.kpiRaw('over')).toBe(overExpected)
    await expect(costs.daysOverBudget).toHaveText('No day over budget')
    await expect(costs.budgetOffScale).toContainText('$60.00 is')

    // the bars draw (accent blue #4c7cf0 in the light theme)
    await shell.setTheme('light')
    await expect.poll(async () => (await canvasPixels(costs.dayChart, [76, 124, 240])).matching, { message: 'cost-by-day bars' }).toBeGreaterThan(3000)
    await expect.poll(async () => (await canvasPixels(costs.page.getByTestId('cost-by-user_id-chart'), [139, 147, 161], 30)).matching, { message: 'the (other) bar' }).toBeGreaterThan(300)
    await expect.poll(async () => (await canvasPixels(costs.qualityChart, [47, 158, 110])).matching, { message: 'the Pareto point' }).toBeGreaterThan(200)
    await saveScreenshot(page, testInfo, 'costs-light')
    await shell.setTheme('dark')
    await expect.poll(async () => (await canvasPixels(costs.dayChart, [76, 124, 240])).matching).toBeGreaterThan(3000)
    await saveScreenshot(page, testInfo, 'costs-dark')
    await shell.setTheme('light')

    // every day: requests, cost and burn of budget_burn_daily.csv
    await costs.showDayTable()
    await expect(costs.dayTable.locator('tbody tr')).toHaveCount(expected.length)
    for (const d of expected) {
      const row = costs.dayRow(d.date_utc)
      expect(Number(await costs.value(row, 'requests')), `${d.date_utc} requests`).toBe(Number(d.requests))
      const cost = Number(await costs.value(row, 'cost'))
      expect(close(cost, Number(d.cost)), `${d.date_utc} cost: shown ${cost}, expected ${d.cost}`).toBe(true)
      expect(close(Number(await costs.value(row, 'burn')), Number(d.cost_budget_burn)), `${d.date_utc} burn`).toBe(true)
    }
    await expect(costs.dayRow('2025-01-01').getByTestId('cost')).toHaveText('$0.0789')

    // the forecast follows its stated method on the true daily costs
    const f = forecastFromDays(expected.map((d) => ({ date: d.date_utc, cost: Number(d.cost) })))
    expect(f.month).toBe('2025-03')
    expect(close(Number(await costs.forecastFigure('mtd').getAttribute('data-value')), f.mtd)).toBe(true)
    expect(close(Number(await costs.forecastFigure('total').getAttribute('data-value')), f.total)).toBe(true)
    expect(Number(await costs.forecastFigure('budget').getAttribute('data-value'))).toBe(60 * 31)
    await expect(costs.forecastStatement).toHaveText(/^Under budget: March 2025 is forecast at \$2\.76, \$1,857\.24 below the month budget of \$1,860\.00/)
    await expect(costs.forecastMethod).toContainText('least-squares line over the last 14 days')
    await expect.poll(async () => (await canvasPixels(costs.forecastChart, [76, 124, 240])).matching, { message: 'the dashed projection' }).toBeGreaterThan(150)

    // cost by tier and by use case: sums over the input file
    for (const dim of ['account_tier', 'use_case'] as const) {
      const sums = sumBy(input, dim)
      await costs.showCostByTable(dim)
      for (const [key, s] of sums) {
        const row = costs.shareRow(dim, key)
        expect(Number(await costs.value(row, 'requests')), `${dim}=${key} requests`).toBe(s.requests)
        expect(close(Number(await costs.value(row, 'cost')), s.cost), `${dim}=${key} cost`).toBe(true)
        expect(close(Number(await costs.value(row, 'share')), s.cost / total), `${dim}=${key} share`).toBe(true)
      }
    }

    // cost by user, top 5: five users, then '(other)' holding the rest
    await costs.setTopN('user_id', 5)
    const users = [...sumBy(input, 'user_id').entries()].sort((a, b) => b[1].cost - a[1].cost || (a[0] < b[0] ? -1 : 1))
    const userTable = await costs.showCostByTable('user_id')
    await expect(userTable.locator('tbody tr')).toHaveCount(6)
    const keys = await userTable.locator('[data-testid="cost-share-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))
    expect(keys).toEqual([...users.slice(0, 5).map(([k]) => k), '(other)'])
    const other = costs.shareRow('user_id', '(other)')
    expect(Number(await costs.value(other, 'requests'))).toBe(users.slice(5).reduce((s, [, v]) => s + v.requests, 0))
    expect(close(Number(await costs.value(other, 'cost')), users.slice(5).reduce((s, [, v]) => s + v.cost, 0))).toBe(true)
    await expect(other).toHaveClass(/costs-row--other/)

    // the Pareto frontier of the sample is one model: the cheapest, also the best quality
    await expect(costs.paretoModels).toHaveText('On the frontier: anthropic / claude ($0.00184, 0.614).')

    // the day table exports as CSV with the same numbers
    const [download] = await Promise.all([page.waitForEvent('download'), costs.dayCsv.click()])
    expect(download.suggestedFilename()).toBe('cost_by_day.csv')
    const exported = parseCsv(fs.readFileSync(await download.path(), 'utf8'))
    expect(exported.map((r) => r.date_utc)).toEqual(expected.map((d) => d.date_utc))
    exported.forEach((r, i) => {
      expect(close(Number(r.cost), Number(expected[i].cost)), `exported cost of ${r.date_utc}`).toBe(true)
      expect(Number(r.requests)).toBe(Number(expected[i].requests))
    })
  })

  test('a day, a tier, a model and a user open exactly their interactions in the Explorer', async ({ page }) => {
    const expected = burn()
    const input = interactions()
    const shell = new AppShell(page)
    const costs = new CostsPage(page)
    const count = page.getByTestId('explorer-count')
    await shell.open('costs')
    await shell.waitForDataset('input')
    await costs.waitForData()

    const day = expected[14]
    await costs.showDayTable()
    await costs.dayRow(day.date_utc).getByRole('button').click()
    await expect(page).toHaveURL(new RegExp(`#/explorer\\?from=${day.date_utc}&to=${day.date_utc}`))
    await expect(count).toHaveAttribute('data-value', day.requests)

    await page.goBack()
    await costs.waitForData()
    await costs.showCostByTable('account_tier')
    await costs.shareRow('account_tier', 'free').getByRole('button').click()
    await expect(page).toHaveURL(/account_tier=free/)
    await expect(count).toHaveAttribute('data-value', String(sumBy(input, 'account_tier').get('free')!.requests))

    await page.goBack()
    await costs.waitForData()
    await costs.showCostByTable('model_name')
    await costs.shareRow('model_name', 'gpt').getByRole('button').click()
    await expect(page).toHaveURL(/model_name=gpt/)
    await expect(count).toHaveAttribute('data-value', String(sumBy(input, 'model_name').get('gpt')!.requests))

    await page.goBack()
    await costs.waitForData()
    await costs.showCostByTable('user_id')
    const users = sumBy(input, 'user_id')
    const topUser = [...users.entries()].sort((a, b) => b[1].cost - a[1].cost || (a[0] < b[0] ? -1 : 1))[0]
    await costs.shareRow('user_id', topUser[0]).getByRole('button').click()
    await expect(page).toHaveURL(new RegExp(`user_id=${topUser[0]}`))
    await expect(count).toHaveAttribute('data-value', String(topUser[1].requests))
  })
})
