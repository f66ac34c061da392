/** The Sampling page against the real backend in web mode: a 20% budget turned into a policy that keeps every failure with an unbiased backtest, rules edited live, the exports read back (the OTel config parsed as the collector's format), and the exported sample read back by the app, weighted by sample_rate. */
import { expect, test, type Download, type Page, type TestInfo } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import YAML from 'yaml'
import { SAMPLE_INPUT, saveScreenshot as saveFullPage } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage } from './pages/DataPage'
import { SamplingPage } from './pages/SamplingPage'

async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  await saveFullPage(page, testInfo, name)
}

/** Clicks and collects every download the click starts (the policy export saves several files). */
async function downloadsOf(page: Page, count: number, click: () => Promise<void>): Promise<Map<string, string>> {
  const downloads: Download[] = []
  const listener = (d: Download): void => {
    downloads.push(d)
  }
  page.on('download', listener)
  await click()
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(count)
  page.off('download', listener)
  const out = new Map<string, string>()
  for (const d of downloads) out.set(d.suggestedFilename(), fs.readFileSync(await d.path(), 'utf8'))
  return out
}

const POLICY_FILES = ['sampling_backtest.csv', 'sampling_policy.json', 'sampling_policy.otel.yaml', 'sampling_projection.csv', 'sampling_refinery_rules.yaml']

test.describe('Sampling page', () => {
  test('turns a 20% budget into a policy that keeps every failure, with an unbiased backtest, and exports it as an OTel Collector config', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const sampling = new SamplingPage(page)
    await shell.open('sampling')
    await shell.waitForDataset('input')
    await sampling.waitForPolicy()
    await expect(sampling.keepShare).toHaveValue('20')

    // The notebook sample's failures and SLA breaches are 23.7% of its rows: above a 20% budget. The page says so,
    // with the smallest feasible share, keeps every failure and samples the other keep rules.
    await expect(sampling.feasibility).toHaveAttribute('data-stage', 'keep_rules_sampled')
    await expect(sampling.feasibilityMessage).toContainText('The keep-for-sure rules alone need 23.7% of rows, more than the budget of 20.0%; the smallest feasible share is')
    await expect(sampling.feasibility).toHaveAttribute('data-budget-met', 'true')
    await expect(sampling.kpi('failures')).toContainText('100%')
    const failures = await sampling.ruleCells('failures')
    expect(failures[2]).toBe('100%')
    expect(failures[3]).toBe(failures[5]) // rows = kept by the hash
    await expect(sampling.kpi('backtest')).toContainText('unbiased')
    await expect(sampling.kpi('kept')).toContainText('20.0%')
    await saveScreenshot(page, testInfo, 'sampling-20-percent')

    // Without the rare-slice minimum a 40% budget is met with every guarantee; the keep rules go back to 100%.
    await sampling.minKept.fill('0')
    await sampling.keepShare.fill('40')
    await sampling.waitForPolicy()
    await expect(sampling.feasibility).toHaveAttribute('data-stage', 'feasible')
    // expected 40% at most (the base rate is lowered a little where the hash would keep more)
    await expect(sampling.kpi('kept').getByTestId('sampling-kpi-kept-value')).toHaveText(/^(39\.\d|40\.0)%$/)
    expect(Number(await sampling.kpi('sampled').getAttribute('data-value'))).toBeLessThanOrEqual(960)
    expect((await sampling.ruleCells('sla_breaches'))[2]).toBe('100%')

    // The boost rule: its own row before the default, on by default at x3; off, then on at x2.
    await expect(sampling.rule('anomaly_boost')).toContainText('Anomaly days')
    await expect(sampling.boostFactor).toHaveValue('3')
    await expect(sampling.boostEnabled).toBeChecked()
    await expect(sampling.boostCoverage).toContainText('day(s)')
    await sampling.boostEnabled.uncheck()
    await sampling.waitForPolicy()
    await expect(sampling.rule('anomaly_boost')).toContainText('off')
    await sampling.boostEnabled.check()
    await sampling.boostFactor.fill('2')
    await sampling.waitForPolicy()
    await expect(sampling.kpi('kept').getByTestId('sampling-kpi-kept-value')).toHaveText(/^(39\.\d|40\.0)%$/)

    // Add a rule, then change its rate: the table and the projection follow.
    await sampling.addField.selectOption('use_case')
    await sampling.addValue.fill('coding')
    await sampling.addRate.fill('10')
    await sampling.addSubmit.click()
    await expect(sampling.rule('r1')).toBeVisible()
    await sampling.waitForPolicy()
    await expect(sampling.rule('r1').locator('td').nth(3)).not.toHaveText('0')
    const codingRows = Number((await sampling.rule('r1').locator('td').nth(3).innerText()).replace(/,/g, ''))
    expect(codingRows).toBeGreaterThan(100)
    await sampling.ruleRate('r1').fill('50')
    await sampling.waitForPolicy()
    await expect(sampling.rule('r1').locator('td').nth(4)).toHaveText((codingRows * 0.5).toFixed(1))

    // the projection's total, as a table
    await sampling.projectionView.getByRole('button', { name: 'Table' }).click()
    await expect(sampling.projectionTotal.locator('td').first()).toHaveText('2,400')
    await saveScreenshot(page, testInfo, 'sampling-rule-added')

    // Exports: the policy JSON and the OTel Collector config, read back.
    const files = await downloadsOf(page, POLICY_FILES.length, () => sampling.exportPolicy.click())
    expect([...files.keys()].sort()).toEqual(POLICY_FILES)
    const policy = JSON.parse(files.get('sampling_policy.json')!)
    expect(policy.budget).toEqual({ kind: 'keep_share', keep_share: 0.4 })
    expect(policy.rules[0]).toMatchObject({ id: 'failures', rate: 1 })
    expect(policy.knobs.boost).toMatchObject({ enabled: true, from_anomalies: true, factor: 2 })
    expect(policy.rules.map((r: { id: string }) => r.id).slice(-2)).toEqual(['anomaly_boost', 'default'])
    expect(policy.rules.find((r: { id: string }) => r.id === 'r1')).toMatchObject({ rate: 0.5, condition: { op: 'in', field: 'use_case', values: ['coding'] } })
    const otel = YAML.parse(files.get('sampling_policy.otel.yaml')!, { intAsBigInt: true })
    const ts = otel.processors.tail_sampling
    expect(Object.keys(ts).sort()).toEqual(['decision_wait', 'expected_new_traces_per_sec', 'num_traces', 'policies'])
    expect(ts.policies[0]).toEqual({ name: 'keep-failures-span-status', type: 'status_code', status_code: { status_codes: ['ERROR'] } })
    expect(ts.policies[1].type).toBe('boolean_attribute')
    const types = new Set(['always_sample', 'latency', 'numeric_attribute', 'probabilistic', 'status_code', 'string_attribute', 'boolean_attribute', 'ottl_condition', 'and', 'composite'])
    for (const p of ts.policies) expect(types.has(p.type), p.name).toBe(true)
    const coding = ts.policies.find((p: { name: string }) => p.name === 'sample-r1')
    expect(coding.and.and_sub_policy[0]).toEqual({ name: 'sample-r1-cond', type: 'string_attribute', string_attribute: { key: 'llm.use_case', values: ['coding'] } })
    expect(files.get('sampling_projection.csv')!.split('\n')[0]).toMatch(/^model_name,use_case,rows,must_keep_rows,expected_kept_rows/)
  })

  test('exports the sample, which the app reads back weighted by sample_rate', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const sampling = new SamplingPage(page)
    const data = new DataPage(page)
    await shell.open('sampling')
    await shell.waitForDataset('input')
    await sampling.waitForPolicy()
    await sampling.minKept.fill('0')
    await sampling.keepShare.fill('50')
    await sampling.waitForPolicy()
    const sampled = Number((await sampling.kpi('sampled').getAttribute('data-value')) ?? '0')
    const files = await downloadsOf(page, 1, () => sampling.exportSample.click())
    const csv = files.get('llm_system_interactions.csv')!
    const lines = csv.trim().split('\n')
    expect(lines[0].endsWith(',sample_rate')).toBe(true)
    expect(lines.length - 1).toBe(sampled)

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-sample-'))
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), csv)
    try {
      await shell.open('data')
      await data.openPath(dir)
      await expect(data.loadSuccess).toBeVisible()
      await shell.open('overview')
      await expect(page.getByTestId('weighted-note')).toHaveText('weighted by sample_rate')
      // the weighted request count estimates the 2,400 rows it was sampled from
      const requests = Number(await page.getByTestId('kpi-interactions').getAttribute('data-value'))
      expect(Math.abs(requests - 2400)).toBeLessThan(2400 * 0.1)
      await saveScreenshot(page, testInfo, 'overview-weighted')
      for (const p of ['hotspots', 'costs']) {
        await shell.open(p)
        await expect(page.getByTestId('weighted-note')).toHaveText('weighted by sample_rate')
      }
      await shell.open('explorer')
      await expect(page.getByTestId('weighted-note')).toHaveCount(0)
    } finally {
      await shell.open('data')
      await data.openPath(SAMPLE_INPUT)
      await expect(data.loadSuccess).toBeVisible()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
