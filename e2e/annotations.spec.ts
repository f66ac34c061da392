/** Annotations end to end: the keyboard review flow over the triage queue with its progress and reviewed precision, and JSONL export and import with a conflict listed. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { TriagePage } from './pages/TriagePage'
import { resetServer } from './pages/WorkspaceMenu'

test.describe.configure({ mode: 'serial' })

test.beforeAll(async ({ browser }) => resetServer(browser))
test.afterAll(async ({ browser }) => resetServer(browser))

test('reviews the triage queue from the keyboard: a key per status, "N of M reviewed", reviewed vs expected precision', async ({ page }, testInfo) => {
  test.setTimeout(180_000)
  const shell = new AppShell(page)
  await shell.open('triage')
  const triage = new TriagePage(page)
  await triage.run()
  const flow = page.getByTestId('review-flow')
  await expect(flow).toBeVisible()
  const total = Number((await page.getByTestId('review-position').textContent())!.split('/')[1].trim())
  expect(total).toBe(327)
  const before = (await page.getByTestId('review-progress').textContent())!
  const reviewedBefore = Number(before.split(' of ')[0].replace(/,/g, ''))
  expect(reviewedBefore).toBe(0)
  await flow.focus()
  // 2 = confirmed failure, then the next row; 3 = false alarm; j moves on without a verdict; k goes back
  await page.keyboard.press('2')
  await expect(page.getByTestId('review-position')).toHaveText(`2 / ${total}`)
  await page.keyboard.press('3')
  await expect(page.getByTestId('review-position')).toHaveText(`3 / ${total}`)
  await page.keyboard.press('j')
  await expect(page.getByTestId('review-position')).toHaveText(`4 / ${total}`)
  await page.keyboard.press('k')
  await page.keyboard.press('k')
  await expect(page.getByTestId('review-position')).toHaveText(`2 / ${total}`)
  await expect(page.getByTestId('review-current-status')).toHaveText('False alarm')
  await expect(page.getByTestId('review-progress')).toHaveText(`${reviewedBefore + 2} of ${total} reviewed`)
  // one confirmed failure, one false alarm: 1 / 2
  await expect(page.getByTestId('review-precision')).toHaveText('50.0%')
  // the model's precision at threshold 0.05 on the notebook sample's evaluation window: 21 / 327
  await expect(page.getByTestId('review-expected')).toHaveText('6.4%')
  await saveScreenshot(page, testInfo, 'annotations-review-flow')

  // the statuses are a global filter
  await shell.open('explorer?review=false_alarm')
  await expect(page.getByTestId('explorer-count')).not.toHaveAttribute('data-value', '')
  expect(Number(await page.getByTestId('explorer-count').getAttribute('data-value'))).toBeGreaterThanOrEqual(1)
})

test('exports annotations as JSONL and imports them merged by id, conflicts listed', async ({ page }, testInfo) => {
  test.setTimeout(120_000)
  const shell = new AppShell(page)
  await shell.open('annotations')
  const download = page.waitForEvent('download')
  await page.getByTestId('annotations-export').click()
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'twb-e2e-ann-')), 'a.jsonl')
  await (await download).saveAs(file)
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
  expect(lines.length).toBeGreaterThanOrEqual(2)
  expect(Object.keys(lines[0]).slice(0, 8)).toEqual(['id', 'interaction_id', 'name', 'value', 'comment', 'author', 'created', 'updated'])
  // a colleague's file: one of ours changed later by them (a conflict they win), one new
  const theirs = { ...lines[0], value: 'fixed', author: 'colleague', updated: '2999-01-01T00:00:00.000Z' }
  const fresh = { ...lines[0], id: 'from-colleague-1', interaction_id: 'annotated-elsewhere-1', value: 'open', updated: '2025-01-01T00:00:00.000Z', created: '2025-01-01T00:00:00.000Z' }
  const incoming = path.join(path.dirname(file), 'theirs.jsonl')
  fs.writeFileSync(incoming, [theirs, fresh].map((l) => JSON.stringify(l)).join('\n') + '\n')
  await page.getByTestId('annotations-import-input').setInputFiles(incoming)
  const result = page.getByTestId('import-result')
  await expect(result).toContainText('Read 2 lines')
  await expect(result).toContainText('1 added')
  await expect(result).toContainText('1 conflict')
  await expect(page.getByTestId('import-conflicts')).toContainText(String(lines[0].interaction_id))
  await expect(page.getByTestId('import-conflicts')).toContainText('theirs (newer)')
  await saveScreenshot(page, testInfo, 'annotations-import')
})
