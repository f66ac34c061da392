/**
 * Workspaces end to end in web mode: save a workspace mid-investigation, reload the page and open it
 * again (same filters, annotations, policy history); export a bundle and open it in a fresh server
 * with no CSVs; export the report and open it with the network cut.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { REPO_ROOT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { ExplorerPage } from './pages/ExplorerPage'
import { WorkspaceMenu, resetServer } from './pages/WorkspaceMenu'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'twb-e2e-ws-'))
const WORKSPACE = path.join(work, 'incident.twb.json')
const BUNDLE = path.join(work, 'for-a-colleague.twbundle')

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ browser }) => resetServer(browser))
test.afterAll(async ({ browser }) => resetServer(browser))

/** Annotates the first row of the Explorer in the current scope; returns its interaction id. */
async function annotateFirstRow(page: Page, status: 'confirmed_failure' | 'false_alarm'): Promise<string> {
  const explorer = new ExplorerPage(page)
  await explorer.total()
  await explorer.bodyRows().first().click()
  await expect(explorer.drawer).toBeVisible()
  const id = (await explorer.drawerId.textContent())!.trim()
  await explorer.drawer.getByTestId(`annotate-${status}`).click()
  await expect(explorer.drawer.getByTestId('annotation-meta')).toContainText(status === 'confirmed_failure' ? 'Confirmed failure' : 'False alarm')
  await explorer.drawer.getByRole('button', { name: 'Close details' }).click()
  return id
}

test('save a workspace, reload the page, open it: the same filters, annotations and policy history', async ({ page }, testInfo) => {
  test.setTimeout(240_000)
  page.on('dialog', (d) => void d.accept())
  const shell = new AppShell(page)
  const menu = new WorkspaceMenu(page)
  await shell.open('explorer?use_case=coding&failed=1')
  await expect(menu.name).toHaveText('Untitled')
  const annotated = await annotateFirstRow(page, 'confirmed_failure')
  await expect(menu.dirty).toBeVisible()
  await expect(page).toHaveTitle(/^● Untitled/)

  // an exported routing policy becomes a version of the policy history
  await shell.open('routing?use_case=coding')
  await page.getByTestId('export-artifacts-button').click()
  await expect(page.getByTestId('export-artifacts-done')).toBeVisible({ timeout: 90_000 })
  await shell.open('history')
  await expect(page.getByTestId('history-row')).toHaveCount(2)

  // back to the investigation, then save
  await shell.open('explorer?use_case=coding&failed=1')
  await menu.saveAs(WORKSPACE)
  await expect(page).toHaveTitle(/^incident\.twb\.json — Telemetry Workbench/)
  const saved = JSON.parse(fs.readFileSync(WORKSPACE, 'utf8'))
  expect(saved.format).toBe('telemetry-workbench-workspace')
  expect(saved.annotations.map((a: { interaction_id: string }) => a.interaction_id)).toEqual([annotated])
  expect(saved.ui.filters).toEqual({ filters: { use_case: ['coding'] }, is_failure: true })

  // somewhere else entirely, then a reload: nothing of the investigation is on screen
  await menu.newWorkspace()
  await page.reload()
  await expect(shell.nav).toBeVisible()
  await expect(menu.name).toHaveText('Untitled')

  await menu.open(WORKSPACE, 'incident.twb.json')
  await expect(page).toHaveURL(/#\/explorer\?use_case=coding&failed=1/)
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Use case: coding')
  await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Failed requests only')
  await expect(menu.dirty).toHaveCount(0)

  // the annotation is back, as a review filter too
  await shell.open(`explorer?review=confirmed_failure`)
  const explorer = new ExplorerPage(page)
  await explorer.expectTotal(1) // waits for the review scope (a count of the previous scope may show first)
  await explorer.bodyRows().first().click()
  await expect(explorer.drawerId).toHaveText(annotated)
  await expect(explorer.drawer.getByTestId('annotate-confirmed_failure')).toHaveAttribute('aria-pressed', 'true')
  await shell.open('annotations')
  await expect(page.getByTestId('count-confirmed_failure')).toContainText('1')
  // and the policy history, with a diff of its two kinds kept apart
  await shell.open('history')
  await expect(page.getByTestId('history-row')).toHaveCount(2)
  await expect(page.getByTestId('history-row').filter({ hasText: 'Routing policy' })).toHaveCount(1)
  await expect(page.getByTestId('history-row').filter({ hasText: 'Triage threshold' })).toHaveCount(1)
  await saveScreenshot(page, testInfo, 'workspace-policy-history')
})

test('export a bundle and open it in a fresh web-mode server, without the CSVs', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000)
  const shell = new AppShell(page)
  const menu = new WorkspaceMenu(page)
  await shell.open('hotspots?use_case=coding')
  await expect(menu.name).toHaveText('incident.twb.json')
  await menu.command('menu-export-bundle')
  // the dialog lists what leaves the machine, free text marked
  const dialog = page.getByTestId('bundle-dialog')
  await expect(dialog.getByTestId('bundle-col-interactions-request_text')).toContainText('free text')
  await expect(dialog.getByTestId('bundle-clear-text')).toContainText('interactions.request_text')
  await saveScreenshot(page, testInfo, 'workspace-bundle-dialog')
  await dialog.getByTestId('bundle-path').fill(BUNDLE)
  await dialog.getByTestId('bundle-export').click()
  await expect(dialog.getByTestId('bundle-done')).toContainText(BUNDLE, { timeout: 60_000 })

  // a colleague's machine: another server, its own state folder, the bundle only
  const colleague = fs.mkdtempSync(path.join(os.tmpdir(), 'twb-e2e-colleague-'))
  const copy = path.join(colleague, 'from-alice.twbundle')
  fs.copyFileSync(BUNDLE, copy)
  const server: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, process.env.E2E_OUT ?? 'out', 'main/serve.js'), '--port', '0', '--token', 'colleague', '--data', copy], {
    env: { ...process.env, TELEMETRY_WORKBENCH_STATE_DIR: path.join(colleague, 'state') },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = ''
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString()
        const m = out.match(/(http:\/\/127\.0\.0\.1:\d+)\//)
        if (m) resolve(m[1])
      })
      server.on('exit', (code) => reject(new Error(`the colleague's server exited (${code}): ${out}`)))
    })
    const other = await browser.newPage()
    await other.goto(`${url}/?token=colleague`)
    const otherMenu = new WorkspaceMenu(other)
    await expect(otherMenu.name).toHaveText('from-alice.twbundle', { timeout: 60_000 })
    // the same page and filters as when it was exported, over the same rows
    await expect(other).toHaveURL(/#\/hotspots\?use_case=coding/)
    await expect(other.getByRole('list', { name: 'Active filters' })).toContainText('Use case: coding')
    await expect(other.getByTestId('dataset-indicator')).toContainText('2,400 interactions')
    await other.goto(`${url}/#/annotations`)
    await expect(other.getByTestId('count-confirmed_failure')).toContainText('1')
    await other.goto(`${url}/#/history`)
    await expect(other.getByTestId('history-row')).toHaveCount(2)
    await other.goto(`${url}/#/explorer?review=confirmed_failure`)
    await new ExplorerPage(other).expectTotal(1)
    await saveScreenshot(other, testInfo, 'workspace-bundle-opened')
    await other.close()
  } finally {
    server.kill()
  }
})

test('export the report: one HTML file that renders with no network', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000)
  const shell = new AppShell(page)
  const menu = new WorkspaceMenu(page)
  await shell.open('overview')
  const download = await menu.exportReport()
  const file = path.join(work, download.suggestedFilename())
  await download.saveAs(file)
  expect(download.suggestedFilename()).toMatch(/^telemetry-report-\d{4}-\d{2}-\d{2}\.html$/)

  const context = await browser.newContext({ offline: true })
  const requests: string[] = []
  context.on('request', (r) => requests.push(r.url()))
  const report = await context.newPage()
  await report.goto(`file://${file}`)
  await expect(report.locator('h1')).toContainText('Telemetry report')
  for (const id of ['summary', 'kpis', 'hotspots', 'routing', 'drift', 'triage', 'gates', 'inputs']) await expect(report.locator(`section#${id}`)).toBeVisible()
  await expect(report.locator('figure svg')).toHaveCount(4)
  await expect(report.locator('section#routing')).toContainText('Selection bias')
  // the charts drew something: the burn chart has its bars
  expect(await report.locator('section#kpis figure svg path').count()).toBeGreaterThan(20)
  expect(requests).toEqual([`file://${file}`])
  await saveScreenshot(report, testInfo, 'workspace-report-offline')
  const pdf = await report.pdf()
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
  await context.close()
})
