/** The Explorer against the real backend: the count, server paging and sorting, search and outcome filters, the detail drawer with its session, the SQL console and the CSV export, checked against the notebook sample's input file. */
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { parseCsv } from '../src/main/artifacts/compareArtifacts'
import { SAMPLE_INPUT, expectedHealth, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { ExplorerPage } from './pages/ExplorerPage'

/** The sample's interactions as records keyed by column, read independently of the app. */
function inputRows(): Record<string, string>[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(path.join(SAMPLE_INPUT, 'llm_system_interactions.csv'), 'utf8'))
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
}

const isTrue = (v: string): boolean => /^(true|1|yes|y|t)$/i.test(v.trim())

test.describe('Explorer page', () => {
  test('lists every interaction with its count, pages and sorts on the server, and filters by outcome and text', async ({ page }, testInfo) => {
    const input = inputRows()
    const shell = new AppShell(page)
    const explorer = new ExplorerPage(page)
    await shell.open('explorer')
    await shell.waitForDataset('input')

    // the count equals the pipeline's number of interactions, and the grid spans all of them
    expect(input.length).toBe(expectedHealth().interactions)
    await explorer.expectTotal(input.length)
    await expect(explorer.grid).toContainText('2,400 rows')
    await expect(explorer.bodyRows().first()).toContainText('i0000001')
    const first = await explorer.rowValues(explorer.bodyRows().first())
    expect(first.model_name).toBe(input[0].model_name)
    expect(first.timestamp_utc).toBe('2025-02-02 07:39:59')

    // only a page or two of rows is held, wherever the view is
    expect((await explorer.memory()).rows).toBeLessThanOrEqual(200)
    await explorer.scrollGridTo(1)
    await expect(explorer.bodyRows().last()).toContainText(input[input.length - 1].interaction_id)
    const held = await explorer.memory()
    expect(held.rows).toBeLessThanOrEqual(200)
    expect(held.pages).toContain('23')

    // sorting runs on the server over all rows: the slowest request comes first
    await explorer.sortBy('latency_ms')
    await explorer.sortBy('latency_ms')
    await expect(explorer.headers().filter({ hasText: 'latency_ms' })).toHaveAttribute('aria-sort', 'descending')
    await expect(page).toHaveURL(/sort=latency_ms%3Adesc/)
    const slowest = input.reduce((a, b) => (Number(b.latency_ms) > Number(a.latency_ms) ? b : a))
    await expect(explorer.bodyRows().first()).toContainText(slowest.interaction_id)

    // the outcome filter is part of the scope: failed requests only
    const failed = input.filter((r) => isTrue(r.is_failure)).length
    await explorer.outcome('Failed').click()
    await expect(page).toHaveURL(/failed=1/)
    await explorer.expectTotal(failed)
    await saveScreenshot(page, testInfo, 'explorer-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'explorer-dark')
    await shell.setTheme('light')

    // full-text search on request_text (this sample has none, so a word matches nothing) and back
    await explorer.outcome('All').click()
    await explorer.search.fill('refund')
    await explorer.search.press('Enter')
    await expect(page).toHaveURL(/q=refund/)
    await explorer.expectTotal(0)
    await expect(explorer.grid).toContainText('No interactions match these filters.')
    await page.getByRole('button', { name: 'Remove filter Text contains “refund”' }).click()
    await expect(explorer.search).toHaveValue('')
    await explorer.expectTotal(input.length)

    // the column chooser adds a column (fetched from the server) and the URL keeps the choice
    await explorer.toggleColumn('session_id')
    await expect(explorer.headers().filter({ hasText: 'session_id' })).toHaveCount(1)
    await expect(page).toHaveURL(/cols=/)
    await expect(explorer.bodyRows().first()).toContainText(slowest.session_id)
    const row = await explorer.rowValues(explorer.bodyRows().first())
    expect(row.session_id).toBe(slowest.session_id)
    await explorer.grid.getByRole('button', { name: 'Default columns' }).click()
    await expect(explorer.headers().filter({ hasText: 'session_id' })).toHaveCount(0)
  })

  test('opens one interaction with its fields, flags and its session in order', async ({ page }, testInfo) => {
    const input = inputRows()
    const target = input.find((r) => r.interaction_id === 'i0000003')!
    const session = input.filter((r) => r.session_id === target.session_id).sort((a, b) => (a.timestamp_utc < b.timestamp_utc ? -1 : a.timestamp_utc > b.timestamp_utc ? 1 : 0))
    const shell = new AppShell(page)
    const explorer = new ExplorerPage(page)
    await shell.open('explorer')
    await shell.waitForDataset('input')
    await explorer.bodyRows().filter({ hasText: 'i0000003' }).click()

    await expect(explorer.drawer).toBeVisible()
    await expect(page).toHaveURL(/id=i0000003/)
    await expect(explorer.drawerId).toHaveText('i0000003')
    const facts = page.getByTestId('detail-facts')
    await expect(facts).toContainText(`${target.model_provider} / ${target.model_name}`)
    await expect(facts).toContainText(`$${target.cost_usd}`)
    await expect(facts).toContainText(target.session_id)
    await expect(page.getByTestId('detail-status')).toHaveText(isTrue(target.is_failure) ? /FAILED/ : 'SUCCEEDED')
    // every flag is listed with its state
    for (const flag of ['safety_block_flag', 'hallucination_flag', 'toxicity_flag', 'formatting_error_flag', 'tool_error_flag', 'latency_timeout_flag']) {
      await expect(page.getByTestId('detail-flags').locator(`[data-set="${isTrue(target[flag])}"]`, { hasText: flag.replace(/_/g, ' ') })).toHaveCount(1)
    }
    // request and response text sections exist (empty in this sample) and every field is listed
    await expect(explorer.drawer).toContainText('Request')
    await expect(explorer.drawer).toContainText('Empty for this interaction.')
    await explorer.drawer.getByText(/^All \d+ fields$/).click()
    await expect(page.getByTestId('detail-fields')).toContainText('latency_timeout_flag')

    // the session's requests in time order, this one marked
    await expect(explorer.sessionItems).toHaveCount(session.length)
    const ids = (await explorer.sessionItems.locator('.mono').allInnerTexts()).map((s) => s.trim())
    expect(ids).toEqual(session.map((r) => r.interaction_id))
    await expect(explorer.sessionItems.filter({ hasText: 'i0000003' })).toHaveAttribute('aria-current', 'true')
    await saveScreenshot(page, testInfo, 'explorer-drawer-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'explorer-drawer-dark')
    await shell.setTheme('light')

    // clicking another request of the session opens it; back returns; Escape closes
    const other = session.find((r) => r.interaction_id !== 'i0000003')!
    await explorer.sessionItems.filter({ hasText: other.interaction_id }).click()
    await expect(explorer.drawerId).toHaveText(other.interaction_id)
    await page.goBack()
    await expect(explorer.drawerId).toHaveText('i0000003')
    await explorer.drawer.press('Escape')
    await expect(explorer.drawer).toHaveCount(0)
    await expect(page).not.toHaveURL(/id=/)
  })

  test('runs read-only SQL over the loaded tables, with results in the grid and errors inline', async ({ page }, testInfo) => {
    const input = inputRows()
    const shell = new AppShell(page)
    const explorer = new ExplorerPage(page)
    await shell.open('explorer')
    await shell.waitForDataset('input')
    await explorer.sqlTab.click()
    await expect(page).toHaveURL(/tab=sql/)

    // an example query: one row per model
    await page.getByRole('group', { name: 'Example queries' }).getByRole('button', { name: 'Failure rate by model' }).click()
    await explorer.sqlRun.click()
    const models = new Set(input.map((r) => `${r.model_provider}/${r.model_name}`))
    await expect(explorer.bodyRows(explorer.sqlGrid)).toHaveCount(models.size)

    // a query of our own, checked against the input file
    const failures = input.filter((r) => isTrue(r.is_failure)).length
    const sessions = new Set(input.map((r) => r.session_id)).size
    await explorer.runSql("SELECT count(*) AS n, count_if(is_failure) AS failures, count(DISTINCT session_id) AS sessions FROM interactions")
    await expect(explorer.bodyRows(explorer.sqlGrid)).toHaveCount(1)
    const values = await explorer.rowValues(explorer.bodyRows(explorer.sqlGrid).first(), explorer.sqlGrid)
    expect(values).toEqual({ n: input.length.toLocaleString('en-US'), failures: String(failures), sessions: sessions.toLocaleString('en-US') })
    await saveScreenshot(page, testInfo, 'explorer-sql-light')
    await shell.setTheme('dark')
    await saveScreenshot(page, testInfo, 'explorer-sql-dark')
    await shell.setTheme('light')

    // the result grid sorts client-side
    const useCases = new Set(input.map((r) => r.use_case)).size
    await explorer.runSql('SELECT use_case, count(*) AS requests FROM interactions GROUP BY use_case')
    await expect(explorer.headers(explorer.sqlGrid)).toHaveText([/use_case/i, /requests/i])
    await expect(explorer.bodyRows(explorer.sqlGrid)).toHaveCount(useCases)
    await explorer.sqlGrid.getByRole('button', { name: /^requests/i }).click()
    await expect(explorer.headers(explorer.sqlGrid).nth(1)).toHaveAttribute('aria-sort', 'ascending')
    await expect(explorer.bodyRows(explorer.sqlGrid)).toHaveCount(useCases)
    const counts = (await explorer.bodyRows(explorer.sqlGrid).locator('td:nth-child(2)').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')))
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(input.length)

    // errors are shown inline, and only a query can run
    await explorer.runSql('SELECT no_such_column FROM interactions')
    await expect(explorer.sqlError).toContainText('no_such_column')
    await explorer.runSql('DROP TABLE interactions')
    await expect(explorer.sqlError).toBeVisible()
    await explorer.runSql('SELECT count(*) AS n FROM interactions')
    await expect(explorer.sqlError).toHaveCount(0)
    await expect(explorer.bodyRows(explorer.sqlGrid).first()).toContainText(input.length.toLocaleString('en-US'))
  })

  test('exports the current view as CSV with the visible columns, in the current sort', async ({ page }) => {
    const input = inputRows()
    const shell = new AppShell(page)
    const explorer = new ExplorerPage(page)
    await shell.open('explorer?failed=1&sort=latency_ms%3Adesc')
    await shell.waitForDataset('input')
    const failed = input.filter((r) => isTrue(r.is_failure))
    await explorer.expectTotal(failed.length)

    const download = await explorer.exportCsv()
    expect(download.suggestedFilename()).toMatch(/^interactions_\d{4}-\d{2}-\d{2}_\d{4}\.csv$/)
    const [header, ...rows] = parseCsv(fs.readFileSync((await download.path())!, 'utf8'))
    expect(rows).toHaveLength(failed.length)
    const headerNames = (await explorer.headers().allInnerTexts()).map((h) => h.replace(/[▲▼]/g, '').trim().toLowerCase())
    expect(header).toEqual(headerNames)
    const at = (name: string): number => header.indexOf(name)
    expect(rows.every((r) => r[at('is_failure')] === 'true')).toBe(true)
    expect(new Set(rows.map((r) => r[at('interaction_id')]))).toEqual(new Set(failed.map((r) => r.interaction_id)))
    const latencies = rows.map((r) => Number(r[at('latency_ms')]))
    expect(latencies).toEqual([...latencies].sort((a, b) => b - a))
    await expect(explorer.exportStatus).toContainText(`${failed.length} rows`)
  })
})
