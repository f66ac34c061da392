/** The Routing page against the real backend in web mode: the notebook sample's policy and backtest to the last digit, a what-if that changes the policy, the exports read back, a drilldown, and the stop-ship override on a dump that fails its gates. */
import { expect, test, type Download, type Page, type TestInfo } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { REPO_ROOT, SAMPLE_EXPECTED, saveScreenshot as saveFullPage } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage, reopenSample } from './pages/DataPage'
import { RoutingPage } from './pages/RoutingPage'

/** A full-page screenshot from the top (sticky header and navigation drawn where they belong). */
async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  await saveFullPage(page, testInfo, name)
}

const REL = 1e-9

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.max(1, Math.abs(expected))
}

/** A small CSV reader for the fixture files (quoted fields allowed). */
function parseCsv(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.length > 0)
  const split = (line: string): string[] => {
    const out: string[] = []
    let cur = ''
    let quoted = false
    for (let i = 0; i < line.length; i++) {
      const c = line[i]
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"'
          i++
        } else if (c === '"') quoted = false
        else cur += c
      } else if (c === '"') quoted = true
      else if (c === ',') {
        out.push(cur)
        cur = ''
      } else cur += c
    }
    out.push(cur)
    return out
  }
  const header = split(lines[0])
  return lines.slice(1).map((l) => {
    const cells = split(l)
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']))
  })
}

function expectedCsv(name: string): Record<string, string>[] {
  return parseCsv(fs.readFileSync(path.join(SAMPLE_EXPECTED, name), 'utf8'))
}

/** Every cell equal: numbers within 1e-9 relative (the independent implementation's float noise), text exactly. */
function expectSameTable(got: Record<string, string>[], want: Record<string, string>[]): void {
  expect(got).toHaveLength(want.length)
  got.forEach((row, i) => {
    expect(Object.keys(row)).toEqual(Object.keys(want[i]))
    for (const [k, v] of Object.entries(want[i])) {
      const n = Number(v)
      if (v !== '' && Number.isFinite(n) && !/^[a-z_]/i.test(v)) expect(close(Number(row[k]), n), `${k}: ${row[k]} vs ${v}`).toBe(true)
      else expect(row[k], k).toBe(v)
    }
  })
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') }
}

const POLICY_COLUMNS = ['requests', 'fail_rate', 'p95_latency', 'sla_breach_rate', 'avg_cost', 'expected_unit_cost'] as const

test.describe('Routing page', () => {
  test("shows the notebook sample's policy, backtest and verdict with their exact numbers", async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const routing = new RoutingPage(page)
    await shell.open('routing')
    await shell.waitForDataset('input')
    await routing.waitForPolicy()

    // the policy: one row per use case, the chosen model, its tier and every number within 1e-9
    const policy = expectedCsv('routing_policy_use_case.csv')
    await expect(routing.policyRows).toHaveCount(policy.length)
    for (const want of policy) {
      const got = await routing.rowValues(want.use_case)
      expect(got.model, want.use_case).toBe(`${want.model_provider}/${want.model_name}`)
      expect(got.mode, want.use_case).toBe(want.policy_mode)
      POLICY_COLUMNS.forEach((c, i) => expect(close(got.values[i], Number(want[c])), `${want.use_case} ${c}: ${got.values[i]} vs ${want[c]}`).toBe(true))
    }
    // what the operator reads
    await expect(routing.row('coding')).toContainText('anthropic / claude')
    await expect(routing.row('coding')).toContainText('$2.65')
    await expect(page.getByTestId('policy-mode-analytics')).toHaveText('relax_2')

    // the verdict and the backtest summary
    const [summary] = expectedCsv('routing_backtest_summary.csv')
    await expect(routing.verdict).toHaveAttribute('data-status', summary.routing_status)
    await expect(routing.status).toHaveText('candidate_failed_backtest')
    await expect(routing.recommendation).toHaveText('do_not_roll_out_keep_baseline')
    await expect(page.getByTestId('routing-verdict')).toContainText('Do not roll out: keep the current routing.')
    await expect(routing.explanation).toContainText('expected unit cost $4.19 vs $3.71 today (+$0.480 per request)')
    await expect(routing.explanation).toContainText('expected fail rate 8.04% vs 6.69% (+1.35 pp)')
    const kpis: [string, string][] = [
      ['policy_expected_fail_rate', 'policy_expected_fail_rate'],
      ['policy_expected_unit_cost', 'policy_expected_unit_cost'],
      ['policy_total_expected_cost', 'policy_total_expected_cost']
    ]
    for (const [id, col] of kpis) {
      const raw = Number(await routing.kpi(id).getAttribute('data-value'))
      expect(close(raw, Number(summary[col])), `${id}: ${raw} vs ${summary[col]}`).toBe(true)
    }
    await expect(routing.kpi('policy_expected_fail_rate')).toContainText('baseline 6.69%')
    await expect(routing.kpi('policy_total_expected_cost')).toContainText('baseline $1,330.70')
    await expect(routing.kpi('coverage')).toContainText('5 / 5')
    await expect(routing.kpi('coverage')).toContainText('chosen model observed in 5')

    // the selection-bias caveat wherever the backtest is shown
    await expect(routing.note).toContainText(summary.note)
    await expect(routing.backtestCaveat).toContainText('selection bias')
    await expect(page.getByTestId('backtest-row-summarization')).toContainText('anthropic / claude')

    // the backtest chart draws its bars: grey baselines, and policy bars red where the policy costs more (all but analytics and search here)
    await expect(routing.backtestChart).toHaveAttribute('aria-label', /coding \$4\.54 vs \$5\.00/)
    await expect.poll(async () => routing.chartPixels(routing.backtestChart, [0x8b, 0x93, 0xa1]), { message: 'baseline bars' }).toBeGreaterThan(2000)
    await expect.poll(async () => routing.chartPixels(routing.backtestChart, [0xe5, 0x48, 0x4d]), { message: 'costlier policy bars' }).toBeGreaterThan(2000)
    await expect.poll(async () => routing.chartPixels(routing.backtestChart, [0x2f, 0x9e, 0x6e]), { message: 'cheaper policy bars' }).toBeGreaterThan(1000)

    await shell.setTheme('light')
    await saveScreenshot(page, testInfo, 'routing-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'routing-dark')
    await shell.setTheme('light')
  })

  test('a what-if recomputes the policy live, marks it unsaved and shows the diff', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const routing = new RoutingPage(page)
    await shell.open('routing')
    await shell.waitForDataset('input')
    await routing.waitForPolicy()
    await expect(routing.whatIfMarker).toHaveCount(0)
    await expect(routing.maxFailNote).toHaveText('(sets max fail rate = 12%)')

    // FAIL_BUDGET sets the max fail rate; 0.01 gives 6% and, on this data, the same picks
    await routing.whatIfInput('FAIL_BUDGET').fill('0.01')
    await expect(routing.maxFailNote).toHaveText('(sets max fail rate = 6%)')
    await expect(routing.whatIfMarker).toHaveText('what-if (not saved)')
    await expect(routing.whatIfDiff).toContainText('0 use cases route differently')

    // a looser SLA: every use case fits the strict tier and summarization moves to google / gemini
    await routing.whatIfInput('FAIL_BUDGET').fill('0.02')
    await routing.whatIfInput('SLA_MS').fill('3000')
    await expect(routing.row('summarization')).toHaveAttribute('data-model', 'google/gemini')
    await expect(page.getByTestId('what-if-banner')).toBeVisible()
    await expect(page.getByTestId('policy-what-if')).toHaveText('what-if (not saved)')
    for (const uc of ['analytics', 'coding', 'search', 'summarization', 'support']) await expect(routing.row(uc)).toHaveAttribute('data-mode', 'strict')
    const cost = Number(await page.getByTestId('policy-cost-summarization').getAttribute('data-value'))
    expect(close(cost, 1.465433756097561), `summarization what-if cost ${cost}`).toBe(true)
    await expect(routing.diff('summarization')).toHaveAttribute('data-change', 'model')
    await expect(routing.diff('summarization')).toContainText('was anthropic / claude (relax_1)')
    await expect(routing.diff('coding')).toHaveAttribute('data-change', 'mode')
    await expect(routing.whatIfDiff).toContainText('5 use cases route differently')
    await saveScreenshot(page, testInfo, 'routing-what-if-light')

    // an invalid value is named and changes nothing
    await routing.whatIfInput('SLA_MS').fill('0')
    await expect(page.getByRole('alert').filter({ hasText: 'SLA_MS must be greater than 0' })).toBeVisible()

    // the failure cost drives the verdict: at $0 the backtest is mixed
    await routing.whatIfInput('SLA_MS').fill('2200')
    await routing.whatIfInput('FAILURE_EVENT_COST_USD').fill('0')
    await expect(routing.status).toHaveText('candidate_mixed')
    await expect(routing.whatIfDiff).toContainText('candidate_failed_backtest → candidate_mixed')

    await routing.whatIfReset.click()
    await expect(routing.whatIfMarker).toHaveCount(0)
    await expect(routing.status).toHaveText('candidate_failed_backtest')
    await expect(routing.row('summarization')).toHaveAttribute('data-model', 'anthropic/claude')
    await expect(routing.whatIfInput('SLA_MS')).toHaveValue('2200')
  })

  test('exports the policy and backtest CSVs and every decision artifact, read back from disk', async ({ page }) => {
    const shell = new AppShell(page)
    const routing = new RoutingPage(page)
    await shell.open('routing')
    await shell.waitForDataset('input')
    await routing.waitForPolicy()

    const policy = await downloadOf(page, () => routing.exportPolicy.click())
    expect(policy.name).toBe('routing_policy_use_case.csv')
    expectSameTable(parseCsv(policy.text), expectedCsv('routing_policy_use_case.csv'))
    const backtest = await downloadOf(page, () => routing.exportBacktest.click())
    expect(backtest.name).toBe('routing_backtest_summary.csv')
    expectSameTable(parseCsv(backtest.text), expectedCsv('routing_backtest_summary.csv'))

    // the decision artifacts: rendered in the backend under a job, then downloaded one by one
    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    await routing.exportArtifacts.click()
    await expect(routing.exportArtifactsDone).toBeVisible({ timeout: 60_000 })
    await expect(routing.exportArtifactsDone).toContainText('13 files downloaded')
    await expect(page.getByTestId('export-artifacts-status')).toHaveText('review_required')
    await expect.poll(() => downloads.length).toBe(13)
    const names = downloads.map((d) => d.suggestedFilename()).sort()
    expect(names).toEqual(
      [
        'budget_burn_daily.csv',
        'decision_artifact.json',
        'drift_report.csv',
        'health_snapshot.json',
        'integrity_report.json',
        'model_hotspots.csv',
        'risk_slices.csv',
        'routing_backtest_summary.csv',
        'routing_policy_use_case.csv',
        'triage_actions_preview.csv',
        'triage_baseline_comparison.csv',
        'triage_threshold_curve.csv',
        'triage_threshold_policy.json'
      ].sort()
    )
    const decision = JSON.parse(fs.readFileSync(await downloads.find((d) => d.suggestedFilename() === 'decision_artifact.json')!.path(), 'utf8'))
    expect(decision.status).toBe('review_required')
    const artifactPolicy = fs.readFileSync(await downloads.find((d) => d.suggestedFilename() === 'routing_policy_use_case.csv')!.path(), 'utf8')
    // the page's CSV and the backend's artifact are the same file
    expect(artifactPolicy).toBe(policy.text)
    // the app exports the whole queue: 359 evaluation rows
    const actions = fs.readFileSync(await downloads.find((d) => d.suggestedFilename() === 'triage_actions_preview.csv')!.path(), 'utf8')
    expect(parseCsv(actions)).toHaveLength(359)
  })

  test('a policy row opens its history requests in the Explorer', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const routing = new RoutingPage(page)
    await shell.open('routing')
    await shell.waitForDataset('input')
    await routing.waitForPolicy()
    await routing.row('coding').click()
    await expect(page).toHaveURL(/#\/explorer\?/)
    const params = new URLSearchParams(page.url().split('#')[1].split('?')[1])
    expect(params.getAll('use_case')).toEqual(['coding'])
    expect(params.getAll('model_provider')).toEqual(['anthropic'])
    expect(params.getAll('model_name')).toEqual(['claude'])
    expect(params.get('origin')).toBe('Routing · coding on anthropic / claude (history window)')
    expect(params.get('expect')).toBe('83')
    await expect(shell.pageRoot('explorer')).toBeVisible()
    await expect(page.getByTestId('drilldown-banner')).toContainText('Routing · coding on anthropic / claude')
    await saveScreenshot(page, testInfo, 'routing-drilldown-explorer')
  })

  test('a dump that fails its gates blocks routing, naming the gates, until the operator overrides', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    const routing = new RoutingPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.openPath(path.join(REPO_ROOT, 'e2e/fixtures/bad-dump'))
      await shell.waitForDataset('bad-dump')
      await shell.navLink('routing').click()

      await expect(routing.gateBlocked).toBeVisible()
      for (const g of ['pk_interactions_interaction_id_unique', 'token_accounting', 'cost_missing_rate']) await expect(page.getByTestId('gate-blocked-gates')).toContainText(g)
      await expect(routing.status).toHaveText('blocked_by_gate')
      await expect(routing.recommendation).toHaveText('do_not_roll_out_fix_gate')
      await expect(routing.explanation).toContainText('token_accounting')
      await saveScreenshot(page, testInfo, 'routing-blocked-light')
      await shell.setTheme('dark')
      await saveScreenshot(page, testInfo, 'routing-blocked-dark')
      await shell.setTheme('light')

      // the override asks first, says where it is recorded, and can be backed out of
      await routing.overrideButton.click()
      await expect(routing.overrideDialog).toBeVisible()
      await expect(routing.overrideDialog).toContainText('recorded in the decision artifact')
      await saveScreenshot(page, testInfo, 'routing-override-dialog')
      await routing.overrideDialog.getByRole('button', { name: 'Keep blocked' }).click()
      await expect(routing.overrideDialog).toHaveCount(0)
      await expect(routing.gateBlocked).toBeVisible()

      await routing.overrideButton.click()
      await routing.confirmOverride.click()
      await expect(routing.overrideDialog).toHaveCount(0)
      await expect(routing.gateOverridden).toBeVisible()
      await expect(routing.gateOverridden).toContainText('token_accounting')
      await expect(routing.gateBlocked).toHaveCount(0)
      // no longer blocked: the verdict is what the backtest of 40 rows gives
      await expect(routing.status).not.toHaveText('blocked_by_gate')

      // the Data page no longer calls it a stop-ship; the gates still read FAIL
      await shell.navLink('data').click()
      await expect(data.stopShip).toHaveCount(0)
      await expect(data.gateRow('token_accounting')).toHaveAttribute('data-status', 'fail')

      // revoking blocks again
      await shell.navLink('routing').click()
      await page.getByTestId('revoke-overrides').click()
      await expect(routing.gateBlocked).toBeVisible()
      await expect(routing.status).toHaveText('blocked_by_gate')
    } finally {
      await reopenSample(page)
    }
  })
})
