/**
 * The Clusters page against the real backend, on generated data with planted request families
 * (one mostly failing): the failing family ranks first with a readable label and a diagnosis, a
 * lasso opens exactly its requests in the Explorer, the cluster filter chip selects a cluster's
 * rows, similar requests are found from a phrase and from the Explorer drawer, and the exports
 * re-read from disk hold every row.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { createFileSinks, generateDataset } from '../scripts/generateData'
import { DEFAULT_PLANTED, PlantedFamilies } from '../scripts/plantedFamilies'
import { parseCsv } from '../src/main/artifacts/compareArtifacts'
import { SAMPLE_INPUT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { ClustersPage } from './pages/ClustersPage'
import { DataPage } from './pages/DataPage'
import { ExplorerPage } from './pages/ExplorerPage'

const ROWS = 3000
let dir = ''

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusters-e2e-'))
  generateDataset({ rows: ROWS, seed: 5, planted: new PlantedFamilies({ ...DEFAULT_PLANTED, style: 'words', families: 3, share: 0.08, seed: 21 }) }, createFileSinks(dir).sinks)
})
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

// the other specs expect the notebook sample the server started with: load it back
test.afterEach(async ({ page }) => {
  const shell = new AppShell(page)
  await shell.open('data')
  await new DataPage(page).openPath(SAMPLE_INPUT)
  await shell.waitForDataset('input')
})

test.describe('Clusters page', () => {
  test('ranks the failing family first, lassos into the Explorer, filters by cluster, finds similar requests and exports the report', async ({ page }, testInfo) => {
    test.setTimeout(420_000)
    const shell = new AppShell(page)
    const data = new DataPage(page)
    const clusters = new ClustersPage(page)
    const explorer = new ExplorerPage(page)

    await shell.open('data')
    await data.openPath(dir)
    await shell.waitForDataset(path.basename(dir))

    // opening the page computes the clusters (with progress) the first time
    await shell.navLink('clusters').click()
    await clusters.waitForClusters()
    await expect(clusters.vectors).toContainText('lexical')

    // rank 1: the mostly failing planted family (warehouse vocabulary), labelled with its own words
    const top = clusters.row(1)
    await expect(top.getByTestId('cluster-label')).toHaveText(/warehouse|reconcile|manifests|pallet|inventory|sku|wms|ewm|stock|replenishment|bin|ledger|memphis|rotterdam|reno|leipzig|osaka|monterrey|putaway|picking|carton|lot|serial/i)
    const topRate = Number(await top.locator('.cluster-list__rate').getAttribute('data-value'))
    expect(topRate).toBeGreaterThan(0.5)
    const topSize = Number(await top.getByTestId('cluster-size').getAttribute('data-value'))
    const topId = await top.getAttribute('data-cluster')

    // its panel: the diagnosis from the evidence, the terms and exemplars
    await top.click()
    await expect(clusters.diagnosis.getByTestId('diagnosis-summary')).toContainText(`${topSize.toLocaleString('en-US')} requests`)
    await expect(clusters.diagnosis.getByTestId('diagnosis-verification')).toContainText('Watch the failure rate')
    await expect(page.getByTestId('cluster-exemplars').locator('li').first()).toBeVisible()
    await saveScreenshot(page, testInfo, 'clusters-page')

    // the optional local model: an OpenAI-compatible server on this machine writes the card from the evidence
    const received: string[] = []
    const model = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push(body)
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ choices: [{ message: { content: 'Summary: warehouse sync requests fail.\nCauses: the requests themselves.\nFix: fix the sync prompt.\nVerification: watch the cluster.' } }] }))
      })
    })
    await new Promise<void>((r) => model.listen(0, '127.0.0.1', r))
    try {
      const endpoint = `http://127.0.0.1:${(model.address() as AddressInfo).port}/v1`
      await page.getByTestId('local-model').locator('summary').click()
      await page.getByTestId('local-model-endpoint').fill('http://example.com/v1')
      await page.getByTestId('local-model-save').click()
      await expect(page.getByTestId('local-model-message')).toContainText('on this machine')
      await page.getByTestId('local-model-endpoint').fill(endpoint)
      await page.getByTestId('local-model-save').click()
      await expect(page.getByTestId('local-model-message')).toContainText(endpoint)
      await clusters.diagnosis.getByTestId('diagnosis-ask-model').click()
      await expect(clusters.diagnosis.getByTestId('diagnosis-model')).toContainText('warehouse sync requests fail.')
      // only the evidence went out, no request text
      expect(received).toHaveLength(1)
      expect(received[0]).toContain('Watch the failure rate')
      const exemplar = (await page.getByTestId('cluster-exemplars').locator('li').first().innerText()).replace(/^.*?\d\.\d{3}\s*/s, '').trim()
      expect(received[0]).not.toContain(exemplar)
      await page.getByRole('button', { name: 'Switch off' }).click()
      await expect(page.getByTestId('local-model-message')).toContainText('off')
    } finally {
      model.close()
    }

    // the map draws points (not a blank canvas)
    const drawn = await clusters.canvas.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
      let n = 0
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++
      return n
    })
    expect(drawn).toBeGreaterThan(2000)

    // an additive lasso: two regions, then the Explorer shows exactly the selected count
    await clusters.lasso([[0.05, 0.05], [0.5, 0.05], [0.5, 0.5], [0.05, 0.5]])
    await expect.poll(() => clusters.selectionSize()).toBeGreaterThan(0)
    const first = await clusters.selectionSize()
    await clusters.lasso([[0.55, 0.55], [0.95, 0.55], [0.95, 0.95], [0.55, 0.95]])
    await expect.poll(() => clusters.selectionSize()).toBeGreaterThan(first)
    const selected = await clusters.selectionSize()
    await clusters.selectionOpen.click()
    await explorer.expectTotal(selected)
    await expect(page.getByTestId('filter-bar')).toContainText('Map selection: lasso #')

    // the cluster filter: the rank-1 cluster's rows, with its label on the chip (the lasso's
    // filter cleared first: the Explorer would show the cluster's rows inside the lasso)
    await page.getByTestId('filter-bar').getByRole('button', { name: 'Clear all' }).click()
    await expect(page.getByTestId('filter-bar')).not.toContainText('Map selection')
    await shell.navLink('clusters').click()
    await clusters.row(1).click()
    await clusters.openCluster.click()
    await explorer.expectTotal(topSize)
    await expect(page.getByTestId('filter-bar')).toContainText(/Cluster: #\d+ /)

    // similar requests from the Explorer drawer: the nearest requests belong to the same family, each with its failure status
    await explorer.table.locator('tbody tr').first().click()
    await expect(explorer.drawer).toBeVisible()
    await explorer.drawer.getByTestId('detail-similar').locator('summary').click()
    const drawerItems = explorer.drawer.getByTestId('drawer-similar-item')
    await expect(drawerItems).toHaveCount(20)
    const sameCluster = await drawerItems.filter({ hasText: `cluster #${topId}` }).count()
    expect(sameCluster).toBeGreaterThanOrEqual(18)
    expect(await explorer.drawer.locator('[data-testid="drawer-similar-item"][data-failed="true"]').count()).toBeGreaterThan(0)

    // a phrase from the failing family's vocabulary finds its requests
    await page.goto(page.url().replace(/#\/explorer.*/, '#/clusters'))
    await clusters.waitForClusters()
    await clusters.phraseInput.fill('warehouse pallet inventory reconcile')
    await clusters.phraseButton.click()
    await expect(clusters.phraseItems.first()).toBeVisible()
    await expect(clusters.phraseItems.first()).toContainText(/warehouse|pallet|inventory|reconcile/i)

    // the report: clusters.csv with every row, cluster_summary.json ranked, cluster_report.md
    const downloads: Record<string, string> = {}
    page.on('download', async (d) => {
      downloads[d.suggestedFilename()] = fs.readFileSync(await d.path(), 'utf8')
    })
    await clusters.exportReport.click()
    await expect.poll(() => Object.keys(downloads).sort(), { timeout: 60_000 }).toEqual(['cluster_report.md', 'cluster_summary.json', 'clusters.csv'])
    const csv = parseCsv(downloads['clusters.csv'])
    expect(csv[0]).toEqual(['interaction_id', 'cluster_id', 'x', 'y'])
    expect(csv.length - 1).toBe(ROWS)
    expect(csv.slice(1).every((r) => r.length === 4 && r.every((v) => v !== '') && Number.isFinite(Number(r[2])) && Number.isFinite(Number(r[3])))).toBe(true)
    const summary = JSON.parse(downloads['cluster_summary.json']) as { clusters: { rank: number; size: number; label: string; failure_rate: number }[] }
    expect(summary.clusters[0].rank).toBe(1)
    expect(summary.clusters[0].size).toBe(topSize)
    expect(summary.clusters.reduce((s, c) => s + c.size, 0)).toBe(ROWS)
    expect(downloads['cluster_report.md']).toContain('## 1. Cluster #')

    // the list's CSV and the map's PNG
    const [listCsv] = await Promise.all([page.waitForEvent('download'), clusters.listCsv.click()])
    const listRows = parseCsv(fs.readFileSync(await listCsv.path(), 'utf8'))
    expect(listRows[1][0]).toBe('1')
    const [png] = await Promise.all([page.waitForEvent('download'), clusters.mapPng.click()])
    expect(fs.readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG')
  })
})
