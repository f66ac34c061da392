import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { createFileSinks, generateDataset } from '../scripts/generateData'
import { createPiiPlanter, type PlantTruth } from '../scripts/piiPlant'
import { csvRecords, parseCsv } from '../src/main/artifacts/compareArtifacts'
import { SAMPLE_INPUT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage } from './pages/DataPage'
import { ExplorerPage } from './pages/ExplorerPage'
import { maskSwitch, PrivacyPage } from './pages/PrivacyPage'

// A generated dump with PII planted in requests and responses (and look-alikes that must not be found).
let dir: string
let truths: PlantTruth[]
test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-pii-'))
  const planter = createPiiPlanter(41, { requestRate: 0.05, responseRate: 0.025, lookalikeRate: 0.06 })
  generateDataset({ rows: 3000, seed: 41, days: 20, textHook: planter.hook }, createFileSinks(dir).sinks)
  truths = planter.truths
})
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const key = (x: Record<string, unknown>): string => `${x.interaction_id}|${x.field}|${x.entity_type}|${x.start}|${x.end}`

test.describe.serial('Privacy: planted PII is found, masked everywhere, and the gate blocks', () => {
  test('the load judges pii_in_responses a stop-ship', async ({ page }) => {
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await data.openPath(dir)
    await expect(data.loadSuccess).toBeVisible({ timeout: 60_000 })
    await expect(data.gateRow('pii_in_responses')).toHaveAttribute('data-status', 'fail')
    const leaking = new Set(truths.filter((t) => t.field === 'response_text_snippet').map((t) => t.interaction_id)).size
    await expect(data.gateRow('pii_in_responses')).toContainText(`${leaking} of 3000 responses`)
    await expect(data.stopShip).toBeVisible()
  })

  test('the Privacy page finds every planted value and nothing else, with masked previews', async ({ page }, testInfo) => {
    const shell = new AppShell(page)
    const privacy = new PrivacyPage(page)
    await shell.open('privacy')
    expect(await privacy.waitForScan()).toBe(truths.length)
    const leaking = new Set(truths.filter((t) => t.field === 'response_text_snippet').map((t) => t.interaction_id)).size
    await expect(privacy.leaking).toHaveAttribute('data-value', String(leaking))
    await expect(privacy.gate).toContainText('FAIL')
    await expect(privacy.previews.first()).toContainText('<')
    const text = await privacy.root.innerText()
    for (const t of truths) expect(text.includes(t.value), t.value).toBe(false)
    // the exported findings are the planted ones, spans included, and carry no raw value
    const download = await privacy.exportFindings()
    expect(download.suggestedFilename()).toBe('pii_findings.csv')
    const csv = fs.readFileSync((await download.path())!, 'utf8')
    expect(new Set(csvRecords(csv).map(key))).toEqual(new Set(truths.map((t) => key({ ...t }))))
    for (const t of truths) expect(csv.includes(t.value), t.value).toBe(false)
    await saveScreenshot(page, testInfo, 'privacy')
  })

  test('a count drills to exactly its interactions in the Explorer, text masked', async ({ page }) => {
    const shell = new AppShell(page)
    const privacy = new PrivacyPage(page)
    const explorer = new ExplorerPage(page)
    await shell.open('privacy')
    await privacy.waitForScan()
    const first = privacy.byUseCase.locator('tbody tr').first()
    const useCase = (await first.locator('td').first().innerText()).trim()
    const n = Number((await first.locator('td').last().innerText()).replace(/,/g, ''))
    await first.getByRole('button').click()
    await expect(explorer.root).toBeVisible()
    await explorer.expectTotal(n)
    await expect(explorer.drillBanner).toContainText(`findings in use case ${useCase}`)
    await expect(page.getByTestId('filter-bar')).toContainText('With PII findings')
    const grid = await explorer.grid.innerText()
    for (const t of truths) expect(grid.includes(t.value), t.value).toBe(false)
  })

  test('the Explorer CSV export is masked; the switch shows raw text only when turned off', async ({ page }) => {
    const shell = new AppShell(page)
    const explorer = new ExplorerPage(page)
    const withRequest = truths.find((t) => t.field === 'request_text' && t.entity_type === 'EMAIL_ADDRESS')!
    await shell.open('explorer')
    await expect(maskSwitch(page)).toBeChecked()
    const download = await explorer.exportCsv()
    const [header, ...rows] = parseCsv(fs.readFileSync((await download.path())!, 'utf8'))
    const q = header.indexOf('request_text')
    expect(q).toBeGreaterThanOrEqual(0)
    const all = rows.map((r) => r[q]).join('\n')
    for (const t of truths.filter((x) => x.field === 'request_text')) expect(all.includes(t.value), t.value).toBe(false)
    expect(all).toContain('<EMAIL_ADDRESS>')
    // the drawer shows the masked request
    await shell.open(`explorer?id=${withRequest.interaction_id}`)
    await expect(explorer.drawer).toBeVisible()
    await expect(explorer.drawer).toContainText('<EMAIL_ADDRESS>')
    await expect(explorer.drawer).not.toContainText(withRequest.value)
    // off (the drawer's own switch): the raw value reaches the drawer; on again: masked again
    const drawerSwitch = explorer.drawer.getByTestId('mask-pii')
    await drawerSwitch.click()
    await expect(drawerSwitch).not.toBeChecked()
    await expect(explorer.drawer).toContainText(withRequest.value)
    await drawerSwitch.click()
    await expect(drawerSwitch).toBeChecked()
    await expect(explorer.drawer).not.toContainText(withRequest.value)
  })

  test('pseudonym mode: equal values get equal pseudonyms', async ({ page }) => {
    const shell = new AppShell(page)
    const privacy = new PrivacyPage(page)
    await shell.open('privacy')
    await privacy.maskMode.selectOption('pseudonyms')
    // the select follows the backend's settings: wait for the round trip before navigating away
    await expect(privacy.maskMode).toHaveValue('pseudonyms')
    const explorer = new ExplorerPage(page)
    const withRequest = truths.find((t) => t.field === 'request_text')!
    await shell.open(`explorer?id=${withRequest.interaction_id}`)
    await expect(explorer.drawer).toContainText(new RegExp(`<${withRequest.entity_type}_[0-9a-f]{10}>`))
    await shell.open('privacy')
    await privacy.maskMode.selectOption('tags')
    await expect(privacy.maskMode).toHaveValue('tags')
  })

  test.afterAll(async ({ browser }) => {
    // leave the server with the sample the other specs expect
    const page = await browser.newPage()
    const shell = new AppShell(page)
    const data = new DataPage(page)
    await shell.open('data')
    await data.openPath(SAMPLE_INPUT)
    await expect(data.loadSuccess).toBeVisible({ timeout: 60_000 })
    await page.close()
  })
})
