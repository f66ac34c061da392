/** Page object of the Overview page: KPI cards (shown text and exact value), the failure-mix chart and the filter bar. */
import { expect, type Locator, type Page } from '@playwright/test'

export class OverviewPage {
  readonly kpis: Locator
  readonly failureMix: Locator
  readonly failureMixChart: Locator
  readonly filterBar: Locator
  readonly chips: Locator

  constructor(readonly page: Page) {
    this.kpis = page.getByTestId('kpis')
    this.failureMix = page.getByTestId('failure-mix')
    this.failureMixChart = page.getByTestId('failure-mix-chart')
    this.filterBar = page.getByTestId('filter-bar')
    this.chips = page.getByRole('list', { name: 'Active filters' })
  }

  kpi(id: string): Locator {
    return this.page.getByTestId(`kpi-${id}`)
  }

  kpiText(id: string): Locator {
    return this.page.getByTestId(`kpi-${id}-value`)
  }

  /** The exact number behind a card (its data-value attribute). */
  async kpiRaw(id: string): Promise<number> {
    const v = await this.kpi(id).getAttribute('data-value')
    return Number(v)
  }

  async waitForKpis(): Promise<void> {
    await expect(this.kpis).toBeVisible()
    await expect(this.kpi('interactions')).not.toHaveClass(/kpi--stale/)
  }

  /** Chooses values in one filter dropdown. */
  async filter(dimension: string, values: string[]): Promise<void> {
    await this.page.getByTestId(`filter-${dimension}`).click()
    for (const v of values) await this.page.getByRole('checkbox', { name: new RegExp(`^${v}\\b`) }).check()
    await this.page.keyboard.press('Escape')
  }

  /**
   * Pixels of the chart's canvas: all drawn ones, and those in the failure bars' red (#e5484d). A chart
   * that draws no bars has (close to) zero red pixels, whatever its axes show.
   */
  async chartPixels(): Promise<{ drawn: number; bars: number }> {
    return this.failureMixChart.evaluate((el) => {
      const canvas = el.querySelector('canvas')
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return { drawn: 0, bars: 0 }
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let drawn = 0
      let bars = 0
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue
        drawn++
        if (Math.abs(data[i] - 229) < 24 && Math.abs(data[i + 1] - 72) < 28 && Math.abs(data[i + 2] - 77) < 28 && data[i + 3] > 200) bars++
      }
      return { drawn, bars }
    })
  }
}
