/** Page object of the Compare page: the two sides with their counts, B's filter bar, the quick comparisons, the summary, the metric table and its export, and the filter bar's Compare menu. */
import { expect, type Locator, type Page } from '@playwright/test'

export class ComparePage {
  readonly root: Locator
  readonly aDesc: Locator
  readonly bDesc: Locator
  readonly aCount: Locator
  readonly bCount: Locator
  readonly modelA: Locator
  readonly modelB: Locator
  readonly compareModels: Locator
  readonly previousPeriod: Locator
  readonly swap: Locator
  readonly summary: Locator
  readonly table: Locator
  readonly chart: Locator
  readonly csv: Locator
  readonly noB: Locator
  readonly menu: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('compare')
    this.aDesc = page.getByTestId('compare-a-desc')
    this.bDesc = page.getByTestId('compare-b-desc')
    this.aCount = page.getByTestId('compare-a-count')
    this.bCount = page.getByTestId('compare-b-count')
    this.modelA = page.getByTestId('compare-model-a')
    this.modelB = page.getByTestId('compare-model-b')
    this.compareModels = page.getByTestId('compare-models-go')
    this.previousPeriod = page.getByTestId('compare-previous-period')
    this.swap = page.getByTestId('compare-swap')
    this.summary = page.getByTestId('compare-summary')
    this.table = page.getByTestId('compare-table')
    this.chart = page.getByTestId('compare-chart')
    this.csv = page.getByTestId('compare-csv')
    this.noB = page.getByTestId('compare-no-b')
    this.menu = page.getByTestId('compare-menu')
  }

  /** Waits for a comparison to be shown and no longer recomputing. */
  async waitForResult(): Promise<void> {
    await expect(this.table).toBeVisible()
    await expect(this.page.locator('[data-testid="compare"] .is-stale')).toHaveCount(0)
  }

  row(metric: string): Locator {
    return this.table.getByTestId(`compare-row-${metric}`)
  }

  /** A number behind a cell of a metric's row (its data attribute). */
  async cell(metric: string, cell: 'a-value' | 'b-value' | 'difference', attr = 'data-value'): Promise<number> {
    return Number(await this.row(metric).getByTestId(cell).getAttribute(attr))
  }

  async interval(metric: string): Promise<{ low: number; high: number }> {
    const ci = this.row(metric).getByTestId('ci')
    return { low: Number(await ci.getAttribute('data-low')), high: Number(await ci.getAttribute('data-high')) }
  }

  async pValue(metric: string): Promise<number> {
    return Number(await this.row(metric).getByTestId('test').getAttribute('data-p'))
  }

  verdict(metric: string): Locator {
    return this.row(metric).getByTestId('verdict')
  }

  async pickModels(a: string, b: string): Promise<void> {
    await this.modelA.selectOption(a)
    await this.modelB.selectOption(b)
    await this.compareModels.click()
  }
}
