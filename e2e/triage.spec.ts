/** The Triage page against the real backend in web mode: a run with progress and its result on the notebook sample (threshold 0.05, cost_optimal, our converged 327 reviews), the slider, the charts, cancel, the review queue paged, exported and drilled into, the triage artifacts, and the stop-ship state. */
import { expect, test, type Download, type Page, type TestInfo } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { REPO_ROOT, SAMPLE_EXPECTED, saveScreenshot as saveFullPage, watchForElement } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage, reopenSample } from './pages/DataPage'
import { TriagePage } from './pages/TriagePage'

/** A full-page screenshot from the top (sticky header and navigation drawn where they belong). */
async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  await saveFullPage(page, testInfo, name)
}

const REL = 1e-9

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= REL * Math.max(1, Math.abs(expected))
}

interface PolicyJson {
  threshold: number
  operating_mode: string
  metrics: { roc_auc: number; avg_precision: number; test_base_rate: number; test_size: number }
}

const expectedPolicy = (): PolicyJson => JSON.parse(fs.readFileSync(path.join(SAMPLE_EXPECTED, 'triage_threshold_policy.json'), 'utf8')) as PolicyJson

function csvRows(text: string): string[][] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(','))
}

/** Writes an interactions file of n deterministic rows (dataset split, one session per row, ~5% failures) into dir. */
function writeManyRows(dir: string, n: number): void {
  fs.mkdirSync(dir, { recursive: true })
  let seed = 42
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
  const models = [
    ['openai', 'gpt'],
    ['anthropic', 'claude'],
    ['google', 'gemini'],
    ['local', 'llama']
  ] as const
  const lines = ['interaction_id,session_id,user_id,timestamp_utc,split,use_case,model_provider,model_name,account_tier,channel,region,segment,latency_ms,prompt_tokens,completion_tokens,total_tokens,cost_usd,tool_calls_count,is_failure,failure_type']
  const start = Date.UTC(2025, 0, 1)
  for (let i = 0; i < n; i++) {
    const [provider, model] = pick(models)
    const latency = 300 + rnd() * 3000
    const prompt = Math.floor(50 + rnd() * 900)
    const completion = Math.floor(20 + rnd() * 600)
    const failed = rnd() < 0.03 + (latency > 2500 ? 0.05 : 0) + (provider === 'local' ? 0.02 : 0)
    const split = rnd() < 0.7 ? 'train' : rnd() < 0.5 ? 'val' : 'test'
    const ts = new Date(start + Math.floor(rnd() * 59 * 86_400_000)).toISOString().replace('.000', '')
    lines.push(
      [
        `i${i}`, `s${i}`, `u${i % 3000}`, ts, split, pick(['coding', 'search', 'support', 'analytics', 'summarization']), provider, model,
        pick(['free', 'pro', 'enterprise']), pick(['web', 'api', 'mobile']), pick(['us', 'eu', 'apac']), pick(['smb', 'mid', 'ent']),
        latency.toFixed(1), prompt, completion, prompt + completion, ((prompt + completion) * 0.000002).toFixed(6), Math.floor(rnd() * 3), failed ? 'yes' : 'no', failed ? 'hallucination' : 'none'
      ].join(',')
    )
  }
  fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), lines.join('\n') + '\n')
}

test.describe('Triage page', () => {
  test('runs the triage with progress and shows threshold 0.05, cost_optimal and the sweep of the notebook sample', async ({ page }, testInfo) => {
    const want = expectedPolicy()
    const shell = new AppShell(page)
    const triage = new TriagePage(page)
    await shell.open('triage')
    await shell.waitForDataset('input')
    await expect(triage.notRun).toBeVisible()

    // the run can finish between two polls, so the page itself records whether its progress bar was ever shown
    const sawProgress = await watchForElement(page, '[data-testid="triage-progress"] [role="progressbar"][aria-label="Triage progress"]')
    await triage.runButton.click()
    await expect(triage.verdict).toBeVisible({ timeout: 60_000 })
    await expect(triage.progress).toHaveCount(0)
    expect(await sawProgress(), 'the run showed its progress bar').toBe(true)

    // the decision (our converged fit reviews 327 rows at 0.05 where the reference's unconverged one reviewed 328)
    await expect(triage.threshold).toHaveText('0.05')
    await expect(triage.mode).toHaveText('cost_optimal')
    await expect(triage.verdict).toHaveAttribute('data-threshold', want.threshold.toFixed(2))
    await expect(triage.verdict).toHaveAttribute('data-mode', want.operating_mode)
    await expect(triage.recommendation).toHaveText('Roll out the selected threshold in shadow mode, then enforce.')
    await expect(page.getByTestId('triage-reviewed')).toHaveAttribute('data-value', '327')
    await expect(page.getByTestId('triage-cost')).toHaveAttribute('data-value', '774')
    for (const [id, value] of [
      ['triage-auc', want.metrics.roc_auc],
      ['triage-ap', want.metrics.avg_precision]
    ] as const) {
      const raw = Number(await page.getByTestId(id).getAttribute('data-value'))
      expect(close(raw, value), `${id}: ${raw} vs ${value}`).toBe(true)
    }
    await expect(page.getByTestId('triage-ap')).toContainText('base rate 6.69%')
    await expect(triage.calibration).toContainText('val_split')
    await expect(page.getByTestId('triage-eval-rows')).toHaveText('359')

    // the baselines
    await expect(triage.baseline('selected_threshold').locator('td').first()).toHaveAttribute('data-value', '774')
    await expect(triage.baseline('review_all').locator('td').first()).toHaveAttribute('data-value', '718')
    await expect(triage.baseline('top_200_per_day').locator('td').first()).toHaveAttribute('data-value', '718')
    await expect(triage.baseline('review_none').locator('td').first()).toHaveAttribute('data-value', '960')
    await expect(triage.baseline('top_200_per_day')).toContainText('Top 200 per day')

    // the slider starts at the chosen threshold with its confusion matrix, and moves along the curve rows
    await expect(triage.sliderValue).toHaveText('0.05')
    await expect(triage.cm('tp')).toHaveText('21')
    await expect(triage.cm('fp')).toHaveText('306')
    await expect(triage.cm('fn')).toHaveText('3')
    await expect(triage.cm('tn')).toHaveText('29')
    await expect(page.getByTestId('at-reviews')).toHaveAttribute('data-value', '5.45')
    await triage.setThreshold(0.05, 0.06)
    await expect(triage.detail).toHaveAttribute('data-threshold', '0.06')
    await expect(triage.cm('tp')).toHaveText('4')
    await expect(triage.cm('fp')).toHaveText('45')
    await expect(triage.cm('fn')).toHaveText('20')
    await expect(triage.cm('tn')).toHaveText('290')
    await expect(page.getByTestId('at-cost')).toHaveAttribute('data-value', '898')
    await expect(page.getByTestId('at-precision')).toHaveAttribute('data-value', String(4 / 49))

    // the charts draw: the sweep, the ROC and the precision-recall curve
    await expect.poll(() => triage.curvePixels(triage.thresholdChart), { message: 'the expected-cost line' }).toBeGreaterThan(300)
    await expect.poll(() => triage.curvePixels(triage.rocChart), { message: 'the ROC curve' }).toBeGreaterThan(300)
    await expect.poll(() => triage.curvePixels(triage.prChart), { message: 'the precision-recall curve' }).toBeGreaterThan(300)
    await expect(triage.rocChart).toHaveAttribute('aria-label', /ROC curve, \d+ points, AUC 0\.432/)

    await triage.setThreshold(0.06, 0.05)
    await shell.setTheme('light')
    await saveScreenshot(page, testInfo, 'triage-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'triage-dark')
    await shell.setTheme('light')
  })

  test('a run can be cancelled', async ({ page }, testInfo) => {
    // 200,000 generated rows keep the fit busy long enough to cancel it whatever the machine's load
    test.setTimeout(180_000)
    const dir = testInfo.outputPath('many-rows')
    writeManyRows(dir, 200_000)
    const shell = new AppShell(page)
    const data = new DataPage(page)
    const triage = new TriagePage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.openPath(dir)
      await shell.waitForDataset('many-rows')
      await shell.navLink('triage').click()
      // cancel as soon as the run shows its progress
      await triage.runButton.click()
      await expect(triage.progress.getByRole('progressbar', { name: 'Triage progress' })).toBeVisible()
      await triage.cancelButton.click()
      await expect(triage.cancelled).toBeVisible({ timeout: 60_000 })
      await expect(triage.progress).toHaveCount(0)
      await expect(triage.notRun).toBeVisible()
      await expect(triage.runButton).toBeEnabled()
    } finally {
      // a fresh page: the shell keeps showing other jobs' progress as a data load, which would disable Open (reported)
      await reopenSample(page)
    }
  })

  test('pages the review queue, exports it whole as CSV and JSON, and opens a row in the Explorer', async ({ page }) => {
    const shell = new AppShell(page)
    const triage = new TriagePage(page)
    await shell.open('triage')
    await shell.waitForDataset('input')
    await triage.run()

    await expect(triage.queueGrid).toContainText('359 rows')
    await expect(triage.queueGrid.getByRole('table')).toHaveAttribute('aria-rowcount', '360')
    const firstRow = triage.queueGrid.getByRole('row').nth(1)
    await expect(firstRow).toContainText('review')
    await triage.onlyReview.check()
    await expect(triage.queueGrid).toContainText('327 rows')
    await triage.onlyReview.uncheck()
    await expect(triage.queueGrid).toContainText('359 rows')

    // CSV: the columns of triage_actions_preview.csv, every evaluation row, the reference's rows but the one flipped at 0.05
    const [csv] = await Promise.all([page.waitForEvent('download'), triage.exportCsv.click()])
    expect(csv.suggestedFilename()).toBe('triage_review_queue.csv')
    const rows = csvRows(fs.readFileSync(await csv.path(), 'utf8'))
    const reference = csvRows(fs.readFileSync(path.join(SAMPLE_EXPECTED, 'triage_actions_preview.csv'), 'utf8'))
    expect(rows[0]).toEqual(reference[0])
    expect(rows).toHaveLength(360)
    expect(rows.slice(1).filter((r) => r[8] === 'True')).toHaveLength(327)
    const refById = new Map(reference.slice(1).map((r) => [r[0], r]))
    const flipped = rows.slice(1).filter((r) => refById.get(r[0])?.[8] !== r[8])
    expect(flipped.map((r) => r[0])).toEqual(['i0000601'])
    for (const r of rows.slice(1)) expect(Math.abs(Number(r[7]) - Number(refById.get(r[0])![7])), r[0]).toBeLessThan(1e-4)
    await expect(triage.exportStatus).toContainText('triage_review_queue.csv: 359 rows exported')

    const [json] = await Promise.all([page.waitForEvent('download'), triage.exportJson.click()])
    expect(json.suggestedFilename()).toBe('triage_review_queue.json')
    const parsed = JSON.parse(fs.readFileSync(await json.path(), 'utf8')) as { interaction_id: string; action_review: boolean; proba_failure: number }[]
    expect(parsed).toHaveLength(359)
    expect(parsed.map((r) => r.interaction_id)).toEqual(rows.slice(1).map((r) => r[0]))
    expect(parsed[0].action_review).toBe(true)

    // a row opens that interaction in the Explorer, on its day of the evaluation window
    const id = rows[1][0]
    const day = rows[1][1].slice(0, 10)
    await firstRow.click()
    await expect(page).toHaveURL(new RegExp(`#/explorer\\?from=${day}&to=${day}&`))
    await expect(page).toHaveURL(new RegExp(`[?&]id=${id}(&|$)`))
    await expect(page.getByTestId('drilldown-banner')).toContainText(`Triage queue · ${id}`)

    // back on the Triage page the run is still there
    await shell.navLink('triage').click()
    await expect(triage.threshold).toHaveText('0.05')
    await expect(triage.queueGrid).toContainText('359 rows')
  })

  test('exports the triage artifacts of the run', async ({ page }) => {
    const shell = new AppShell(page)
    const triage = new TriagePage(page)
    await shell.open('triage')
    await shell.waitForDataset('input')
    await triage.run()
    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    await triage.exportArtifacts.click()
    await expect(triage.exportArtifactsDone).toBeVisible({ timeout: 60_000 })
    await expect(triage.exportArtifactsDone).toContainText('4 files downloaded')
    await expect.poll(() => downloads.length).toBe(4)
    expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual(['triage_actions_preview.csv', 'triage_baseline_comparison.csv', 'triage_threshold_curve.csv', 'triage_threshold_policy.json'])
    const policy = JSON.parse(fs.readFileSync(await downloads.find((d) => d.suggestedFilename() === 'triage_threshold_policy.json')!.path(), 'utf8'))
    expect(policy.threshold).toBe(0.05)
    expect(policy.operating_mode).toBe('cost_optimal')
    expect(policy.selected_policy_metrics.reviewed_rows).toBe(327)
    const curve = csvRows(fs.readFileSync(await downloads.find((d) => d.suggestedFilename() === 'triage_threshold_curve.csv')!.path(), 'utf8'))
    expect(curve).toHaveLength(92)
  })

  test('a dump that fails its gates shows the stop-ship state with the override', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    const triage = new TriagePage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.openPath(path.join(REPO_ROOT, 'e2e/fixtures/bad-dump'))
      await shell.waitForDataset('bad-dump')
      await shell.navLink('triage').click()
      await expect(triage.gateBlocked).toBeVisible()
      await expect(triage.gateBlocked).toContainText('the triage threshold is blocked_by_gate')
      for (const g of ['pk_interactions_interaction_id_unique', 'token_accounting', 'cost_missing_rate']) await expect(triage.gateBlocked).toContainText(g)
      await expect(page.getByTestId('override-gates')).toBeVisible()
      // a run still computes, and its threshold is marked blocked with the gates named
      await triage.run()
      await expect(page.getByTestId('triage-blocked')).toHaveText('blocked_by_gate')
      await expect(triage.recommendation).toHaveText(
        'Blocked by failed integrity gate(s): pk_interactions_interaction_id_unique, token_accounting, cost_missing_rate. Fix the data or record an explicit override before acting on this threshold.'
      )
      await saveScreenshot(page, testInfo, 'triage-blocked-light')

      // the override, confirmed, makes the run stale; a new run is no longer blocked
      await page.getByTestId('override-gates').click()
      await expect(page.getByTestId('override-dialog')).toContainText('recorded in the decision artifact')
      await page.getByTestId('confirm-override').click()
      await expect(page.getByTestId('gate-overridden')).toBeVisible()
      await expect(page.getByTestId('triage-stale')).toContainText('the gate overrides changed')
      await triage.runButton.click()
      await expect(page.getByTestId('triage-stale')).toHaveCount(0, { timeout: 60_000 })
      await expect(page.getByTestId('triage-blocked')).toHaveCount(0)
      await expect(triage.recommendation).not.toContainText('Blocked')
    } finally {
      await reopenSample(page)
    }
  })
})
