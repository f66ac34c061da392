/** The pages' wording of the windows (PIPELINE.md section 3) in both windowing modes: "history = train" with a split column, calibration rows included in the time split. */
import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SAMPLE_INPUT } from './fixtures'
import { AppShell } from './pages/AppShell'
import { DataPage } from './pages/DataPage'

test('dataset_split says history = train alone; a time split says the calibration rows are part of history', async ({ page }) => {
  const shell = new AppShell(page)
  const data = new DataPage(page)
  await shell.open('data')
  await shell.waitForDataset('input')

  // The notebook sample has a split column.
  await expect(data.windowsMethod).toHaveText('dataset_split')
  await expect(page.getByTestId('windows-history-definition')).toHaveText(/^history = train alone .*; val is the calibration window only$/)
  await expect(page.getByTestId('window-history')).toContainText('train alone')
  await expect(page.getByTestId('window-fit')).toContainText('= history = train')
  await shell.navLink('drift').click()
  await expect(page.getByTestId('drift-window-description')).toContainText('history = train (train alone; val is the calibration window only)')
  await expect(page.getByTestId('drift-window-description')).not.toContainText('train + val')
  await shell.navLink('routing').click()
  await expect(page.getByTestId('routing-knobs')).toContainText('Policy from the history window (history = train)')

  // The same rows without the split column: a session-safe time split.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-timesplit-'))
  try {
    const lines = fs.readFileSync(path.join(SAMPLE_INPUT, 'llm_system_interactions.csv'), 'utf8').split('\n')
    const header = lines[0].split(',')
    const drop = header.indexOf('split')
    // The sample has no quoted fields, so the column can be cut by position.
    fs.writeFileSync(path.join(dir, 'llm_system_interactions.csv'), lines.map((l) => (l ? l.split(',').filter((_, i) => i !== drop).join(',') : l)).join('\n'))
    await shell.navLink('data').click()
    await data.openPath(dir)
    await expect(data.loadSuccess).toBeVisible()
    await shell.waitForDataset(path.basename(dir))
    await expect(data.windowsMethod).toHaveText('session_safe_time_split')
    await expect(page.getByTestId('windows-history-definition')).toContainText('calibration rows included')
    await expect(page.getByTestId('windows-history-definition')).toContainText('the triage model is fit on history minus calibration')
    await expect(page.getByTestId('window-fit')).toContainText('history minus calibration')
    await shell.navLink('drift').click()
    await expect(page.getByTestId('drift-window-description')).toContainText('calibration rows included')
    await shell.navLink('routing').click()
    await expect(page.getByTestId('routing-knobs')).toContainText('calibration rows included')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
    // Leave the server as the other specs expect it: the notebook sample loaded.
    await shell.navLink('data').click()
    await data.openPath(SAMPLE_INPUT)
    await shell.waitForDataset('input')
  }
})
