/** Page object of the Overview page: KPI cards (shown text, exact value, change), incidents, the daily budget burn (chart and table), the failure-mix chart and the filter bar. */
import { expect, type Locator, type Page } from '@playwright/test'

export class OverviewPage {
  readonly kpis: Locator
  readonly failureMix: Locator
  readonly failureMixChart: Locator
  readonly filterBar: Locator
  readonly chips: Locator
  readonly deltaNote: Locator
  readonly incidents: Locator
  readonly burnPanel: Locator
  readonly burnChart: Locator
  readonly burnTable: Locator

  constructor(readonly page: Page) {
    this.kpis = page.getByTestId('kpis')
    this.failureMix = page.getByTestId('failure-mix')
    this.failureMixChart = page.getByTestId('failure-mix-chart')
    this.filterBar = page.getByTestId('filter-bar')
    this.chips = page.getByRole('list', { name: 'Active filters' })
    this.deltaNote = page.getByTestId('delta-note')
    this.incidents = page.getByTestId('incidents')
    this.burnPanel = page.getByTestId('burn-panel')
    this.burnChart = page.getByTestId('burn-chart')
    this.burnTable = page.getByTestId('burn-table')
  }

  /** The change of a KPI against the previous period. */
  kpiDelta(id: string): Locator {
    return this.page.getByTestId(`kpi-${id}-delta`)
  }

  incident(budget: 'fail' | 'sla' | 'cost'): Locator {
    return this.page.getByTestId(`incident-${budget}`)
  }

  /** A drilldown button of an incident, e.g. incident-fail-slice. */
  incidentLink(testId: string): Locator {
    return this.page.getByTestId(testId)
  }

  async showBurnTable(): Promise<void> {
    await this.burnPanel.getByRole('button', { name: 'Table' }).click()
    await expect(this.burnTable).toBeVisible()
  }

  burnRow(day: string): Locator {
    return this.page.getByTestId(`burn-row-${day}`)
  }

  /** The tooltip the burn chart shows for the day under the mouse. */
  burnTooltip(): Locator {
    return this.burnPanel.locator('.chart div').filter({ hasText: /^\d{4}-\d{2}-\d{2} \(UTC\)/ }).last()
  }

  /**
   * Moves the mouse over day `dayIndex` (of `days`) in the chart of row `metricIndex` (0 requests,
   * 1 failure rate, 2 SLA breach rate, 3 p95, 4 cost) and returns the point; the layout constants are
   * those of buildBurnOption (64 px left and right, 84 px grids every 122 px from 26 px).
   */
  async hoverBurnDay(metricIndex: number, dayIndex: number, days: number): Promise<{ x: number; y: number }> {
    await this.burnChart.scrollIntoViewIfNeeded()
    const box = (await this.burnChart.boundingBox())!
    const x = box.x + 64 + (box.width - 128) * ((dayIndex + 0.5) / days)
    const y = box.y + 26 + metricIndex * 122 + 60
    await this.page.mouse.move(x, y)
    return { x, y }
  }

  /**
   * Moves the mouse down the failure-mix chart until the tooltip names `failureType`, and returns the
   * point (the bars' positions depend on label widths, so they are found rather than computed).
   */
  async hoverFailureBar(failureType: string): Promise<{ x: number; y: number }> {
    await this.failureMixChart.scrollIntoViewIfNeeded()
    const box = (await this.failureMixChart.boundingBox())!
    const tip = this.failureMix.locator('.chart div').filter({ hasText: ' requests · ' }).last()
    for (let y = box.y + 6; y < box.y + box.height - 20; y += 4) {
      const x = box.x + box.width * 0.3
      await this.page.mouse.move(x, y)
      if ((await tip.isVisible().catch(() => false)) && (await tip.innerText()).startsWith(failureType)) return { x, y }
    }
    throw new Error(`no bar of the failure-mix chart shows ${failureType}`)
  }

  /** Drawn pixels and red (over-budget / failure) pixels of a chart's canvas. */
  async canvasPixels(chart: Locator): Promise<{ drawn: number; red: number }> {
    return chart.evaluate((el) => {
      const canvas = el.querySelector('canvas')
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return { drawn: 0, red: 0 }
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let drawn = 0
      let red = 0
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue
        drawn++
        if (Math.abs(data[i] - 229) < 24 && Math.abs(data[i + 1] - 72) < 28 && Math.abs(data[i + 2] - 77) < 28 && data[i + 3] > 200) red++
      }
      return { drawn, red }
    })
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
