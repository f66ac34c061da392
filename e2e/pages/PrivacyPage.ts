/** Page object of the Privacy page: the gate and scan banner, the KPIs, the charts and count tables that drill to the Explorer, the findings with masked previews, the settings and the mask switch. */
import { expect, type Download, type Locator, type Page } from '@playwright/test'

export class PrivacyPage {
  readonly root: Locator
  readonly scanStatus: Locator
  readonly gate: Locator
  readonly findings: Locator
  readonly leaking: Locator
  readonly scanned: Locator
  readonly previews: Locator
  readonly exportButton: Locator
  readonly byUseCase: Locator
  readonly byType: Locator
  readonly maskMode: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('privacy')
    this.scanStatus = page.getByTestId('pii-scan-status')
    this.gate = page.getByTestId('pii-gate')
    this.findings = page.getByTestId('pii-findings')
    this.leaking = page.getByTestId('pii-leaking')
    this.scanned = page.getByTestId('pii-scanned')
    this.previews = page.getByTestId('pii-preview')
    this.exportButton = page.getByTestId('pii-export')
    this.byUseCase = page.getByTestId('pii-by-use_case')
    this.byType = page.getByTestId('pii-by-type')
    this.maskMode = page.getByTestId('mask-mode')
  }

  /** Waits until every text column is scanned (the page starts the scan itself) and returns the findings count. */
  async waitForScan(): Promise<number> {
    await expect(this.scanStatus).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
    await expect(this.findings).not.toHaveAttribute('data-value', '')
    return Number(await this.findings.getAttribute('data-value'))
  }

  async exportFindings(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()])
    return download
  }
}

/** The "Mask PII" switch (Explorer and Privacy pages). */
export function maskSwitch(page: Page): Locator {
  return page.getByTestId('mask-pii').first()
}
