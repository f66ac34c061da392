/** Page object of the Alerts page: the summary, the ranked alarm list, the selected alarm's facts, drilldowns and series chart, every finding with the CSV export; and the Overview's alarm panel. */
import { expect, type Locator, type Page } from '@playwright/test'

export class AlertsPage {
  readonly root: Locator
  readonly summary: Locator
  readonly count: Locator
  readonly list: Locator
  readonly detail: Locator
  readonly detailTitle: Locator
  readonly detailResponsible: Locator
  readonly seriesChart: Locator
  readonly seriesPanel: Locator
  readonly findings: Locator
  readonly findingRows: Locator
  readonly csvButton: Locator
  readonly overviewPanel: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('alerts')
    this.summary = page.getByTestId('alerts-summary')
    this.count = page.getByTestId('alerts-count')
    this.list = page.getByRole('table', { name: 'Alarms by impact' })
    this.detail = page.getByTestId('alarm-detail')
    this.detailTitle = page.getByTestId('alarm-detail-title')
    this.detailResponsible = page.getByTestId('alarm-detail-responsible')
    this.seriesChart = page.getByTestId('alarm-series-chart')
    this.seriesPanel = page.getByTestId('alarm-series')
    this.findings = page.getByTestId('findings')
    this.findingRows = page.getByTestId('finding-row')
    this.csvButton = page.getByTestId('anomalies-csv')
    this.overviewPanel = page.getByTestId('alarms')
  }

  /** The alarm rows, in rank order. */
  rows(): Locator {
    return this.list.locator('tbody tr')
  }

  /** The first alarm row whose text matches. */
  row(text: RegExp): Locator {
    return this.rows().filter({ hasText: text }).first()
  }

  /** Shows the alarm of a row. */
  async select(row: Locator): Promise<void> {
    await row.getByRole('button').first().click()
    await expect(row).toHaveAttribute('aria-selected', 'true')
  }

  /** A drilldown button of the selected alarm, e.g. alarm-rows, alarm-failures, alarm-before. */
  drill(testId: string): Locator {
    return this.detail.getByTestId(testId)
  }

  /** Pixels of the series chart in the bar colour (a chart that draws nothing has none). */
  async barPixels(): Promise<number> {
    return this.seriesChart.evaluate((el) => {
      const canvas = el.querySelector('canvas')
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return 0
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let n = 0
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0x4c) < 20 && Math.abs(data[i + 1] - 0x7c) < 20 && Math.abs(data[i + 2] - 0xf0) < 20 && data[i + 3] > 200) n++
      return n
    })
  }
}
