/**
 * Clusters wired into the rest of the app, against the real backend, on generated data with planted
 * request families (one mostly failing, one whose failures step up on 2025-03-10): a cluster's
 * members and a lasso annotated in bulk and counted under the review filter, the step found as an
 * alarm named by its cluster, the Clusters page's settings saved in a workspace and restored on open
 * (the same clusters, so the same cluster filter), and that filter carried through every page that
 * uses the scope without an error.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { createFileSinks, generateDataset } from '../scripts/generateData'
import { DEFAULT_PLANTED, PlantedFamilies } from '../scripts/plantedFamilies'
import { SAMPLE_INPUT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { ClustersPage } from './pages/ClustersPage'
import { DataPage } from './pages/DataPage'
import { ExplorerPage } from './pages/ExplorerPage'
import { TriagePage } from './pages/TriagePage'
import { WorkspaceMenu } from './pages/WorkspaceMenu'

const ROWS = 12_000
let dir = ''
let data = ''

test.describe.configure({ mode: 'serial' })

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-wiring-e2e-'))
  data = path.join(dir, 'data')
  const planted = new PlantedFamilies({ ...DEFAULT_PLANTED, style: 'words', families: 3, share: 0.08, seed: 21, failureStep: { family: 1, from: '2025-03-10', factor: 5 } })
  generateDataset({ rows: ROWS, seed: 5, planted }, createFileSinks(data).sinks)
})

// the other specs expect the notebook sample in a clean untitled workspace
test.afterAll(async ({ browser }) => {
  const page = await browser.newPage()
  await new AppShell(page).open('data')
  await new WorkspaceMenu(page).resetTo(SAMPLE_INPUT)
  await page.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Waits until no panel of the page is loading any more. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('main .state--loading')).toHaveCount(0, { timeout: 120_000 })
}

test('clusters in annotations, alarms, workspaces and every page of the scope', async ({ page }, testInfo) => {
  test.setTimeout(600_000)
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  const shell = new AppShell(page)
  const clusters = new ClustersPage(page)
  const explorer = new ExplorerPage(page)
  const menu = new WorkspaceMenu(page)

  await shell.open('data')
  await menu.newWorkspace()
  await shell.open('data')
  await new DataPage(page).openPath(data)
  await shell.waitForDataset('data')
  await shell.navLink('clusters').click()
  await clusters.waitForClusters()

  // 1. "Annotate N…" of the cluster panel: every member, then counted under the review filter
  const top = clusters.row(1)
  const topId = (await top.getAttribute('data-cluster'))!
  const topSize = Number(await top.getByTestId('cluster-size').getAttribute('data-value'))
  const topLabel = (await top.getByTestId('cluster-label').textContent())!
  await top.click()
  await expect(page.getByTestId('cluster-annotate')).toHaveText(`Annotate ${topSize.toLocaleString('en-US')}…`)
  await page.getByTestId('cluster-annotate').click()
  await saveScreenshot(page, testInfo, 'cluster-wiring-annotate')
  await page.keyboard.press('Escape')
  expect(await clusters.annotate('cluster-annotate', 'confirmed_failure', 'family-review')).toBe(topSize)
  await shell.open(`explorer?review=confirmed_failure`)
  await explorer.expectTotal(topSize)
  await shell.open(`explorer?review=confirmed_failure&cluster=${topId}`)
  await explorer.expectTotal(topSize)

  // the lasso bar's "Annotate N…": exactly the selected requests
  await shell.open('clusters')
  await clusters.waitForClusters()
  await clusters.lasso([[0.05, 0.05], [0.6, 0.05], [0.6, 0.6], [0.05, 0.6]])
  await expect.poll(() => clusters.selectionSize()).toBeGreaterThan(0)
  const selected = await clusters.selectionSize()
  expect(await clusters.annotate('map-selection-annotate', 'false_alarm')).toBe(selected)
  await shell.open('explorer?review=false_alarm')
  await explorer.expectTotal(selected)

  // 2. the failure step of the Spanish medication family is an alarm named by its cluster's label
  await shell.open('alerts')
  await settled(page)
  const clusterAlarm = page.locator('[data-testid^="alarm-row-"]').filter({ hasText: /cluster #\d+ .*Failure rate up/ })
  await expect(clusterAlarm.first()).toBeVisible()
  await expect(page.getByTestId('alerts-summary')).toContainText(/\d+ clusters/)
  await clusterAlarm.first().locator('[data-testid^="alarm-select-"]').click()
  await saveScreenshot(page, testInfo, 'cluster-wiring-alerts')
  // its rows since the change open in the Explorer under the cluster filter
  const rowsLink = page.getByTestId('alarm-rows')
  const expected = Number(await rowsLink.getAttribute('data-expected'))
  await rowsLink.click()
  await explorer.expectTotal(expected)
  await expect(page.getByTestId('filter-bar')).toContainText(/Cluster: #\d+ /)

  // 3. the Clusters page's settings in the workspace: ranking and colouring changed, saved, reopened
  await shell.open('clusters')
  await clusters.waitForClusters()
  await page.getByTestId('cluster-rank-by').selectOption('failures')
  await page.getByTestId('map-color-by').selectOption('failure')
  await expect(page.getByTestId('cluster-rank-by')).toHaveValue('failures')
  const file = path.join(dir, 'clusters.twb.json')
  await menu.saveAs(file)
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { ui: { cluster_settings: Record<string, unknown> } }
  expect(saved.ui.cluster_settings).toMatchObject({ ranking: { strategy: 'failures', minSize: 20 }, color_by: 'failure', run: { k: null, text: 'request', vectors: 'auto' } })
  await menu.newWorkspace()
  await menu.open(file, 'clusters.twb.json')
  // opening recomputes its clusters with its settings; the Clusters page shows its ranking and colouring
  await shell.open('clusters')
  await clusters.waitForClusters()
  await expect(page.getByTestId('cluster-rank-by')).toHaveValue('failures')
  await expect(page.getByTestId('map-color-by')).toHaveValue('failure')
  await expect(page.locator(`[data-testid="cluster-row"][data-cluster="${topId}"] [data-testid="cluster-label"]`)).toHaveText(topLabel)

  // 4. the same cluster filter on every page that uses the scope: its chip, no error
  for (const id of ['overview', 'alerts', 'explorer', 'hotspots', 'clusters', 'drift', 'compare', 'annotations', 'costs', 'routing', 'triage', 'sampling', 'privacy']) {
    await shell.open(`${id}?cluster=${topId}`)
    await expect(shell.pageRoot(id)).toBeVisible()
    await expect(page.getByTestId('filter-bar')).toContainText(`Cluster: #${topId} ${topLabel}`)
    if (id === 'triage') {
      const triage = new TriagePage(page)
      await triage.runButton.click()
      await expect(triage.progress).toHaveCount(0, { timeout: 120_000 })
    }
    await settled(page)
    await expect(page.locator('main .state--error'), `an error on ${id}`).toHaveCount(0)
    if (id === 'overview') await expect(page.getByTestId('kpi-interactions-value')).toHaveText(topSize.toLocaleString('en-US'))
    if (id === 'explorer') await explorer.expectTotal(topSize)
    if (id === 'annotations') await expect(page.getByTestId('annotation-counts')).toContainText('within the filters')
    if (['overview', 'alerts', 'annotations', 'sampling'].includes(id)) await saveScreenshot(page, testInfo, `cluster-wiring-filter-${id}`)
  }
  expect(problems).toEqual([])
})
