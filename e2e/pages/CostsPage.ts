/** Page object of the Costs page: KPIs, cost by day (chart and table), the forecast, the cost-by-dimension panels and the per-model panels. */
import { expect, type Locator, type Page } from '@playwright/test'

export class CostsPage {
  readonly root: Locator
  readonly kpis: Locator
  readonly dayPanel: Locator
  readonly dayChart: Locator
  readonly dayTable: Locator
  readonly daysOverBudget: Locator
  readonly budgetOffScale: Locator
  readonly dayCsv: Locator
  readonly forecast: Locator
  readonly forecastStatement: Locator
  readonly forecastMethod: Locator
  readonly forecastChart: Locator
  readonly per1kChart: Locator
  readonly qualityChart: Locator
  readonly paretoModels: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('costs')
    this.kpis = page.getByTestId('cost-kpis')
    this.dayPanel = page.getByTestId('cost-day-panel')
    this.dayChart = page.getByTestId('cost-day-chart')
    this.dayTable = page.getByTestId('cost-day-table')
    this.daysOverBudget = page.getByTestId('days-over-budget')
    this.budgetOffScale = page.getByTestId('budget-off-scale')
    this.dayCsv = page.getByTestId('cost-day-csv')
    this.forecast = page.getByTestId('forecast-panel')
    this.forecastStatement = page.getByTestId('forecast-statement')
    this.forecastMethod = page.getByTestId('forecast-method')
    this.forecastChart = page.getByTestId('forecast-chart')
    this.per1kChart = page.getByTestId('cost-per-1k-chart')
    this.qualityChart = page.getByTestId('cost-quality-chart')
    this.paretoModels = page.getByTestId('pareto-models')
  }

  async waitForData(): Promise<void> {
    await expect(this.kpis).toBeVisible()
    await expect(this.page.getByTestId('cost-by-user_id-chart')).toBeVisible()
    await expect(this.page.locator('.is-stale, .kpi--stale')).toHaveCount(0)
  }

  kpi(id: string): Locator {
    return this.page.getByTestId(`cost-kpi-${id}`)
  }

  async kpiRaw(id: string): Promise<number> {
    return Number(await this.kpi(id).getAttribute('data-value'))
  }

  async showDayTable(): Promise<void> {
    await this.page.getByTestId('cost-day-view').getByRole('button', { name: 'Table' }).click()
    await expect(this.dayTable).toBeVisible()
  }

  dayRow(date: string): Locator {
    return this.page.getByTestId(`cost-day-${date}`)
  }

  /** The exact value behind a table cell (its data-value). */
  async value(row: Locator, column: string): Promise<string> {
    return (await row.getByTestId(column).getAttribute('data-value')) ?? ''
  }

  costBy(dimension: string): Locator {
    return this.page.getByTestId(`cost-by-${dimension}`)
  }

  async showCostByTable(dimension: string): Promise<Locator> {
    await this.page.getByTestId(`cost-by-${dimension}-view`).getByRole('button', { name: 'Table' }).click()
    const table = this.page.getByTestId(`cost-by-${dimension}-table`)
    await expect(table).toBeVisible()
    return table
  }

  shareRow(dimension: string, key: string): Locator {
    return this.page.getByTestId(`cost-by-${dimension}-table`).locator(`[data-testid="cost-share-row"][data-key="${key}"]`)
  }

  async setTopN(dimension: string, n: number): Promise<void> {
    await this.page.getByTestId(`cost-by-${dimension}-topn`).selectOption(String(n))
  }

  forecastFigure(id: 'mtd' | 'total' | 'budget'): Locator {
    return this.page.getByTestId(`forecast-${id}`)
  }
}
