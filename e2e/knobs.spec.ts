/** The knobs panel against the real backend: every knob grouped, invalid values named and never sent, a change recomputes the numbers that depend on it, Reset restores the defaults. Knobs are global backend state: every test restores the defaults. */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { SAMPLE_EXPECTED, TOKEN, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { CostsPage } from './pages/CostsPage'
import { HotspotsPage } from './pages/HotspotsPage'
import { KnobsPanel } from './pages/KnobsPanel'

// PIPELINE.md section 11, then the anomaly alarms' knobs (docs/anomalies.md)
const DEFAULTS = {
  SLA_MS: 2200,
  FAIL_BUDGET: 0.02,
  SLA_BUDGET: 0.05,
  DAILY_COST_BUDGET_USD: 60,
  TIME_SPLIT_FRAC: 0.8,
  DRIFT_REFERENCE_FRAC: 0.4,
  DRIFT_CURRENT_FRAC: 0.2,
  MIN_REQUESTS_POLICY: 60,
  MIN_REQUESTS_SLICE: 60,
  MAX_LATENCY_MISSING_RATE: 0.05,
  MAX_COST_MISSING_RATE: 0.05,
  FAILURE_EVENT_COST_USD: 40,
  SLA_BREACH_PENALTY_USD: 5,
  REVIEW_COST: 2,
  TRIAGE_FN_COST_USD: 40,
  CAPACITY_PER_DAY: 200,
  CAPACITY_P90_GUARD: 250,
  RANDOM_SEED: 42,
  PII_MAX_RESPONSE_SHARE: 0,
  ANOMALY_Z: 4,
  ANOMALY_MIN_REQUESTS: 10
}

async function api(request: APIRequestContext, method: string, body: unknown): Promise<unknown> {
  const res = await request.post(`/api/${method}`, { headers: { Authorization: `Bearer ${TOKEN}` }, data: body })
  expect(res.ok()).toBe(true)
  const r = (await res.json()) as { ok: boolean; value: unknown }
  expect(r.ok).toBe(true)
  return r.value
}

async function restoreDefaults(request: APIRequestContext): Promise<void> {
  const r = (await api(request, 'setKnobs', { knobs: DEFAULTS })) as { ok: boolean }
  expect(r.ok).toBe(true)
}

function csvRecords(name: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(SAMPLE_EXPECTED, name), 'utf8').trim().split('\n')
  const cols = header.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))
}

test.describe('Knobs panel', () => {
  test.afterEach(async ({ request }) => {
    await restoreDefaults(request)
  })

  test('opens from the top bar and with Alt+K, lists every knob in six groups with units and the derived values', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const knobs = new KnobsPanel(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await shell.setTheme('light')

    await knobs.open()
    await expect(knobs.groups).toHaveCount(6)
    await expect(knobs.groups.locator('legend')).toHaveText(['SLO & budgets', 'Windows & drift', 'Routing economics', 'Triage economics', 'Support thresholds', 'Anomaly alarms'])
    await expect(knobs.inputs).toHaveCount(Object.keys(DEFAULTS).length)
    for (const [k, v] of Object.entries(DEFAULTS)) await expect(knobs.input(k)).toHaveValue(String(v))
    await expect(page.getByTestId('knob-DAILY_COST_BUDGET_USD')).toContainText('USD / day')
    await expect(page.getByTestId('knob-TIME_SPLIT_FRAC')).toContainText('re-judges the gates and windows of the loaded data')
    await expect(knobs.derived('HOTSPOT_FAIL_RATE')).toHaveAttribute('data-value', '0.06')
    await expect(knobs.derived('ROUTING_MAX_FAIL_RATE')).toHaveAttribute('data-value', '0.12')
    await expect(knobs.apply).toBeDisabled()
    await expect(knobs.reset).toBeDisabled()

    // derived values follow the draft before anything is applied
    await knobs.set('FAIL_BUDGET', '0.03')
    await expect(knobs.derived('HOTSPOT_FAIL_RATE')).toHaveAttribute('data-value', '0.09')
    await expect(knobs.derived('ROUTING_MAX_FAIL_RATE')).toHaveAttribute('data-value', '0.18')
    await expect(knobs.status).toContainText('1 change not applied yet: FAIL_BUDGET')
    await saveScreenshot(page, testInfo, 'knobs-light')
    await knobs.close()

    // the shortcut works from anywhere (the theme is switched while the panel is closed: it is modal)
    await shell.setTheme('dark')
    await page.keyboard.press('Alt+KeyK')
    await expect(knobs.input('SLA_MS')).toBeVisible()
    // closing discarded the draft
    await expect(knobs.input('FAIL_BUDGET')).toHaveValue('0.02')
    await saveScreenshot(page, testInfo, 'knobs-dark')
    await knobs.close()
    await shell.setTheme('light')
  })

  test('invalid values get the rule by name, never NaN, and nothing reaches the backend', async ({ page, request }, testInfo) => {
    const shell = new AppShell(page)
    const knobs = new KnobsPanel(page)
    await shell.open('overview')
    await shell.waitForDataset('input')
    await knobs.open()

    await knobs.set('DAILY_COST_BUDGET_USD', '-5')
    await expect(knobs.error('DAILY_COST_BUDGET_USD')).toHaveText('DAILY_COST_BUDGET_USD must be greater than 0')
    await knobs.set('CAPACITY_PER_DAY', '0')
    await expect(knobs.error('CAPACITY_PER_DAY')).toHaveText('CAPACITY_PER_DAY must be at least 1')
    await knobs.set('SLA_MS', 'fast')
    await expect(knobs.error('SLA_MS')).toHaveText('SLA_MS must be a number')
    await knobs.set('MIN_REQUESTS_SLICE', '2.5')
    await expect(knobs.error('MIN_REQUESTS_SLICE')).toHaveText('MIN_REQUESTS_SLICE must be a whole number')
    await knobs.set('DRIFT_REFERENCE_FRAC', '0.9')
    await expect(knobs.error('DRIFT_CURRENT_FRAC')).toHaveText('DRIFT_REFERENCE_FRAC + DRIFT_CURRENT_FRAC must be at most 1')
    await knobs.set('FAIL_BUDGET', '')
    await expect(knobs.error('FAIL_BUDGET')).toHaveText('FAIL_BUDGET is required')
    await expect(knobs.derived('HOTSPOT_FAIL_RATE')).toContainText('—')
    await expect(knobs.input('CAPACITY_PER_DAY')).toHaveAttribute('aria-invalid', 'true')
    await expect(knobs.status).toContainText('6 values need fixing')
    await expect(knobs.dialog).not.toContainText('NaN')
    await expect(knobs.apply).toBeDisabled()
    await saveScreenshot(page, testInfo, 'knobs-invalid')

    // fixing a value clears its message
    await knobs.set('CAPACITY_PER_DAY', '150')
    await expect(knobs.error('CAPACITY_PER_DAY')).toHaveCount(0)
    expect(await api(request, 'getKnobs', {})).toEqual(DEFAULTS)
  })

  test('a change recomputes the hotspots and costs in place; Reset to defaults brings them back', async ({ page, request }) => {
    const slices = csvRecords('risk_slices.csv')
    const burn = csvRecords('budget_burn_daily.csv')
    const shell = new AppShell(page)
    const knobs = new KnobsPanel(page)
    const hot = new HotspotsPage(page)
    const costs = new CostsPage(page)
    try {
      await shell.open('hotspots')
      await shell.waitForDataset('input')
      await hot.waitForData()
      const claude = hot.modelRow('anthropic', 'claude')
      const top = hot.sliceRow('search', 'enterprise')
      expect(await hot.value(claude, 'bucket')).toBe('high_failure_and_sla')
      await expect(hot.riskMapSla).toHaveText('2,200 ms')

      // SLA_MS 2600: claude's p95 (2,512.8 ms) is now within the SLA; every score uses the new SLA
      await knobs.open()
      await knobs.applyValues({ SLA_MS: '2600' })
      await expect(knobs.status).toContainText('Applied: SLA_MS 2200 → 2600')
      expect(((await api(request, 'getKnobs', {})) as { SLA_MS: number }).SLA_MS).toBe(2600)
      await knobs.close()
      await expect(hot.riskMapSla).toHaveText('2,600 ms')
      await expect(claude.getByTestId('bucket')).toHaveAttribute('data-value', 'high_failure')
      await expect(hot.modelRow('openai', 'gpt').getByTestId('bucket')).toHaveAttribute('data-value', 'sla_risk')
      const s = slices.find((r) => r.use_case === 'search' && r.account_tier === 'enterprise')!
      const score2600 = 2 * Number(s.fail_rate) + (0.5 * Number(s.p95_latency)) / 2600 + 0.1 * Number(s.avg_cost)
      await expect.poll(async () => Math.abs(Number(await hot.value(top, 'score')) - score2600) <= 1e-9 * score2600).toBe(true)

      // MIN_REQUESTS_SLICE 110 greys the heatmap cells with fewer requests and drops them from the ranking
      await knobs.open()
      await knobs.applyValues({ MIN_REQUESTS_SLICE: '110' })
      await knobs.close()
      const small = slices.filter((r) => Number(r.requests) < 110)
      await expect(hot.slicesMinApplied).toHaveText('110')
      await expect(hot.slicesCount).toHaveText(String(slices.length - small.length))
      await hot.showHeatmapTable()
      for (const r of small) await expect(hot.heatCell(r.account_tier, r.use_case)).toHaveAttribute('data-supported', 'false')
      await expect(hot.heatCell('enterprise', 'search')).toHaveAttribute('data-supported', 'true')

      // DAILY_COST_BUDGET_USD 0.08: the days above it turn over budget on the Costs page
      await page.getByTestId('nav-costs').click()
      await costs.waitForData()
      await expect(costs.daysOverBudget).toHaveText('No day over budget')
      await knobs.open()
      await knobs.applyValues({ DAILY_COST_BUDGET_USD: '0.08' })
      await knobs.close()
      const over = burn.filter((d) => Number(d.cost) > 0.08)
      expect(over.length).toBeGreaterThan(0)
      await expect(costs.daysOverBudget).toHaveText(`${over.length} of ${burn.length} days over budget`)
      expect(await costs.kpiRaw('over')).toBe(over.length)
      await costs.showDayTable()
      for (const d of over) await expect(costs.dayRow(d.date_utc)).toHaveAttribute('data-over', 'true')
      await expect(costs.forecastStatement).toContainText('Over budget: March 2025')

      // Reset to defaults, Apply: everything as before
      await knobs.open()
      await knobs.reset.click()
      for (const [k, v] of Object.entries(DEFAULTS)) await expect(knobs.input(k)).toHaveValue(String(v))
      await knobs.apply.click()
      await expect(knobs.status).toContainText('Applied:')
      await knobs.close()
      await expect(costs.daysOverBudget).toHaveText('No day over budget')
      await expect(costs.forecastStatement).toContainText('Under budget')
      expect(await api(request, 'getKnobs', {})).toEqual(DEFAULTS)
    } finally {
      await restoreDefaults(request)
    }
  })
})
