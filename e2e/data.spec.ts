/** The Data page against the real backend in web mode: the integrity report of the fixture, loading through the UI, and a failed load. */
import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { REPO_ROOT, SAMPLE_INPUT, saveScreenshot, watchForElement } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage, reopenSample } from './pages/DataPage'

test.describe('Data page', () => {
  test('shows the integrity report of the loaded notebook sample with its exact numbers', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    await expect(data.report).toBeVisible()

    await expect(data.tableRows('interactions')).toHaveText('2,400')
    await expect(data.tableRows('sessions')).toHaveText('497')
    await expect(data.tableRows('users')).toHaveText('238')
    await expect(page.getByTestId('table-sha-interactions')).toHaveAttribute('title', '6898cd64956ce5b53a6a1e89cb85723de90e7a20b29eca86539048bcf1b8f6b1')
    await expect(page.getByTestId('table-sha-interactions')).toHaveText('6898cd64…f6b1')
    await expect(page.getByTestId('table-rejected-interactions')).toHaveText('0')

    // prompts and samples are absent: reported as such, and the gates that need samples are skipped, not passed
    await expect(data.tableAbsent('prompts')).toBeVisible()
    await expect(data.tableAbsent('samples')).toBeVisible()
    const statuses = await data.gateStatuses()
    expect(Object.keys(statuses).length).toBeGreaterThanOrEqual(10)
    const skipped = Object.entries(statuses)
      .filter(([, s]) => s === 'skipped')
      .map(([g]) => g)
      .sort()
    // no response text in the sample: the PII gate is skipped, never passed
    expect(skipped).toEqual(['fk_samples_interaction_id_in_interactions', 'pii_in_responses', 'samples_interaction_id_unique'])
    for (const [gate, status] of Object.entries(statuses)) {
      if (!skipped.includes(gate)) expect(status, gate).toBe('pass')
    }
    await expect(data.gateRow('samples_interaction_id_unique')).toContainText('SKIPPED')
    await expect(data.gateRow('samples_interaction_id_unique')).toContainText('skipped (table absent)')
    await expect(data.gateRow('token_accounting')).toContainText('PASS')
    await expect(data.stopShip).toHaveCount(0)
    await expect(page.getByTestId('report-verdict')).toHaveText('GATES OK')

    await expect(data.windowsMethod).toHaveText('dataset_split')
    await expect(data.windowRows('history')).toHaveText('1,674')
    await expect(data.windowRows('calibration')).toHaveText('367')
    await expect(data.windowRows('evaluation')).toHaveText('359')
    await expect(page.getByTestId('windows-untimed')).toHaveText('0')

    // the header: dataset, no demo badge for real data, engine and UTC
    await expect(shell.demoBadge).toHaveCount(0)
    await expect(shell.engine).toContainText('DuckDB')
    await expect(shell.utc).toHaveText('All times UTC')

    await shell.setTheme('light')
    await saveScreenshot(page, testInfo, 'data-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'data-dark')
    await shell.setTheme('light')
  })

  test('loads a folder typed into the path field, showing progress, then the report', async ({ page }) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    const loadedBefore = await page.getByTestId('report-dataset-label').textContent()
    expect(loadedBefore).toBe('input')

    // a small load can finish between two polls: the page records whether its progress bar and phase were shown
    const sawProgress = await watchForElement(page, '[data-testid="load-progress"] [role="progressbar"][aria-label="Load progress"]')
    const sawPhase = await watchForElement(page, '[data-testid="load-phase"]:not(:empty)')
    await data.openPath(SAMPLE_INPUT)
    await expect(data.loadSuccess).toBeVisible()
    expect(await sawProgress(), 'the load showed its progress bar').toBe(true)
    expect(await sawPhase(), 'the load named its phase').toBe(true)
    await expect(data.loadSuccess).toContainText('2,400 interactions')
    await expect(data.progress).toHaveCount(0)
    await expect(data.tableRows('interactions')).toHaveText('2,400')
    await expect(data.windowRows('evaluation')).toHaveText('359')
  })

  test('a path that does not exist shows the error with its details and keeps the previous dataset', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')

    const bad = '/nonexistent/telemetry-e2e'
    await data.openPath(bad)
    await expect(data.loadError).toBeVisible()
    await expect(data.loadError).toContainText(`Could not load ${bad}`)
    await expect(data.loadErrorMessage).toContainText('no usable interactions table')
    await expect(data.loadErrorDetails).toContainText(`${bad}: not found`)
    await expect(data.loadError).toContainText('The previous dataset, input, is still loaded')

    // the previous dataset is still shown and still answers
    await expect(shell.datasetLabel).toHaveText('input')
    await expect(data.tableRows('interactions')).toHaveText('2,400')
    await saveScreenshot(page, testInfo, 'data-load-error')

    await shell.navLink('overview').click()
    await expect(page.getByTestId('kpi-interactions-value')).toHaveText('2,400')
  })

  test('a dump that fails gates shows the stop-ship banner, its column mapping and its rejected rows', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.openPath(path.join(REPO_ROOT, 'e2e/fixtures/bad-dump'))
      await expect(data.loadSuccess).toBeVisible()
      await shell.waitForDataset('bad-dump')

      await expect(data.stopShip).toBeVisible()
      await expect(data.stopShip).toContainText('3 integrity gates failed')
      for (const g of ['pk_interactions_interaction_id_unique', 'token_accounting', 'cost_missing_rate']) {
        await expect(data.stopShip).toContainText(g)
        await expect(data.gateRow(g)).toHaveAttribute('data-status', 'fail')
      }
      await expect(page.getByTestId('gate-offending-token_accounting')).toHaveText('2')
      await expect(data.gateRow('token_accounting')).toContainText('r011')
      await expect(data.gateRow('pk_interactions_interaction_id_unique')).toContainText('r006')
      await expect(page.getByTestId('report-verdict')).toHaveText('STOP-SHIP')

      // source -> canonical mapping, unknown and duplicate columns
      const columns = page.getByTestId('columns-interactions')
      await expect(columns.getByTestId('column-mapping')).toHaveCount(6)
      await expect(columns).toContainText('request_id → interaction_id')
      await expect(columns).toContainText('created_at → timestamp_utc')
      await expect(columns).toContainText('mystery_col')
      await expect(columns).toContainText('Use_Case')

      // the rejected row, with its line number and reason
      await expect(page.getByTestId('table-rejected-interactions')).toHaveText('1')
      await page.getByTestId('show-rejected-interactions').click()
      const dialog = page.getByTestId('rejected-dialog')
      await expect(dialog).toBeVisible()
      const row = dialog.getByRole('row').filter({ hasText: 'too many columns' })
      await expect(row).toHaveCount(1)
      await expect(row.getByRole('cell').first()).toHaveText('16')
      await saveScreenshot(page, testInfo, 'data-rejected-rows')
      await dialog.getByRole('button', { name: 'Close' }).click()
      await expect(dialog).toHaveCount(0)
      await saveScreenshot(page, testInfo, 'data-stop-ship-light')
      await shell.setTheme('dark')
      await saveScreenshot(page, testInfo, 'data-stop-ship-dark')
      await shell.setTheme('light')

      // the Overview warns that the gates failed
      await shell.navLink('overview').click()
      await expect(page.getByTestId('overview-blocked')).toBeVisible()
      await expect(page.getByTestId('kpi-interactions-value')).toHaveText('40')
    } finally {
      await reopenSample(page)
    }
  })

  test('pages through hundreds of rejected rows without holding them all', async ({ page }, testInfo) => {
    // 1,200 data lines, every fourth with an extra field: 300 rejected rows on lines 5, 9, ..., 1201
    const dir = testInfo.outputPath('many-rejects')
    fs.mkdirSync(dir, { recursive: true })
    const lines = ['interaction_id,session_id,user_id,timestamp_utc,model_name,model_provider,latency_ms,prompt_tokens,completion_tokens,total_tokens,cost_usd,is_failure,failure_type,use_case']
    for (let i = 1; i <= 1200; i++) {
      const day = String((i % 28) + 1).padStart(2, '0')
      lines.push(`i${i},s${Math.floor(i / 5)},u${i % 40},2025-03-${day}T10:00:00Z,gpt-4o,openai,${300 + i},10,20,30,0.001,no,none,coding${i % 4 === 0 ? ',EXTRA' : ''}`)
    }
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), lines.join('\n') + '\n')

    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await shell.waitForDataset('input')
    try {
      await data.openPath(dir)
      await expect(data.loadSuccess).toBeVisible()
      await expect(page.getByTestId('table-rejected-interactions')).toHaveText('300')
      await page.getByTestId('show-rejected-interactions').click()
      const grid = page.getByTestId('rejected-grid')
      await expect(grid).toContainText('300 rows')
      await expect(grid.getByRole('row').filter({ hasText: 'too many columns' }).first()).toBeVisible()
      // only the rows in view (plus overscan) are in the DOM, and at most a few pages in memory
      const rendered = await grid.getByRole('row').count()
      expect(rendered).toBeLessThan(60)
      const scroller = grid.locator('.grid__scroll')
      await scroller.evaluate((el) => {
        el.scrollTop = el.scrollHeight
      })
      const last = grid.getByRole('row').filter({ has: page.getByRole('cell', { name: '1201', exact: true }) })
      await expect(last).toBeVisible()
      expect(Number(await grid.getAttribute('data-rows-in-memory'))).toBeLessThanOrEqual(300)
      await expect(grid.getByRole('table')).toHaveAttribute('aria-rowcount', '301')
      await saveScreenshot(page, testInfo, 'data-rejected-rows-paged')
    } finally {
      await reopenSample(page)
    }
  })
})
