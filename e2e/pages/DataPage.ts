/** Page object of the Data page: opening data by path or demo, the load progress and errors, and the integrity report. */
import { expect, type Locator, type Page } from '@playwright/test'
import { SAMPLE_INPUT } from '../fixtures'
import { AppShell } from './AppShell'

export class DataPage {
  readonly pathInput: Locator
  readonly openButton: Locator
  readonly demoButton: Locator
  readonly progress: Locator
  readonly loadError: Locator
  readonly loadErrorMessage: Locator
  readonly loadErrorDetails: Locator
  readonly loadSuccess: Locator
  readonly report: Locator
  readonly reportLabel: Locator
  readonly stopShip: Locator
  readonly windowsMethod: Locator

  constructor(readonly page: Page) {
    this.pathInput = page.getByTestId('path-input')
    this.openButton = page.getByTestId('open-path')
    this.demoButton = page.getByTestId('open-demo')
    this.progress = page.getByTestId('load-progress')
    this.loadError = page.getByTestId('load-error')
    this.loadErrorMessage = page.getByTestId('load-error-message')
    this.loadErrorDetails = page.getByTestId('load-error-details')
    this.loadSuccess = page.getByTestId('load-success')
    this.report = page.getByTestId('integrity-report')
    this.reportLabel = page.getByTestId('report-dataset-label')
    this.stopShip = page.getByTestId('stop-ship')
    this.windowsMethod = page.getByTestId('windows-method')
  }

  async openPath(path: string): Promise<void> {
    await this.pathInput.fill(path)
    await this.openButton.click()
  }

  tableRows(table: string): Locator {
    return this.page.getByTestId(`table-rows-${table}`)
  }

  tableAbsent(table: string): Locator {
    return this.page.getByTestId(`table-absent-${table}`)
  }

  gateRows(): Locator {
    return this.page.locator('[data-testid^="gate-row-"]')
  }

  gateRow(gate: string): Locator {
    return this.page.getByTestId(`gate-row-${gate}`)
  }

  windowRows(window: 'history' | 'calibration' | 'evaluation' | 'fit'): Locator {
    return this.page.getByTestId(`window-rows-${window}`)
  }

  /** Gate name -> status as the page shows it. */
  async gateStatuses(): Promise<Record<string, string>> {
    await expect(this.gateRows().first()).toBeVisible()
    const out: Record<string, string> = {}
    for (const row of await this.gateRows().all()) {
      const id = (await row.getAttribute('data-testid'))!.replace('gate-row-', '')
      out[id] = (await row.getAttribute('data-status')) ?? ''
    }
    return out
  }
}

/**
 * Puts the server back on the notebook sample the other specs expect (after a spec loaded other
 * data): a fresh page, so no earlier job's progress is still shown, then the sample opened and awaited.
 */
export async function reopenSample(page: Page): Promise<void> {
  await page.reload()
  const shell = new AppShell(page)
  const data = new DataPage(page)
  await shell.open('data')
  await data.openPath(SAMPLE_INPUT)
  await expect(data.loadSuccess).toBeVisible({ timeout: 60_000 })
  await shell.waitForDataset('input')
}
