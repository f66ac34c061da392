/** Page object of the Costs page's economics: the price table (edit, reset, import, export), the re-pricing what-if and its impact, the forecast scenarios and the savings ideas. */
import { expect, type Locator, type Page } from '@playwright/test'

export class CostEconomics {
  readonly prices: Locator
  readonly priceSave: Locator
  readonly importFile: Locator
  readonly importResult: Locator
  readonly importErrors: Locator
  readonly priceExport: Locator
  readonly repricing: Locator
  readonly useCase: Locator
  readonly target: Locator
  readonly share: Locator
  readonly statement: Locator
  readonly scenarios: Locator
  readonly volume: Locator
  readonly ideas: Locator

  constructor(readonly page: Page) {
    this.prices = page.getByTestId('price-table')
    this.priceSave = page.getByTestId('price-save')
    this.importFile = page.getByTestId('price-import-file')
    this.importResult = page.getByTestId('price-import-result')
    this.importErrors = page.getByTestId('price-import-errors')
    this.priceExport = page.getByTestId('price-export')
    this.repricing = page.getByTestId('repricing')
    this.useCase = page.getByTestId('repricing-use-case')
    this.target = page.getByTestId('repricing-target')
    this.share = page.getByTestId('repricing-share')
    this.statement = page.getByTestId('repricing-statement')
    this.scenarios = page.getByTestId('scenarios')
    this.volume = page.getByTestId('scenario-volume')
    this.ideas = page.getByTestId('savings-ideas')
  }

  /** Waits until the economics panels are drawn and nothing on the page is recomputing. */
  async waitForData(): Promise<void> {
    await expect(this.repricing).toBeVisible()
    await expect(this.prices).toBeVisible()
    await expect(this.page.locator('.is-stale, .kpi--stale')).toHaveCount(0)
  }

  priceRow(model: string): Locator {
    return this.prices.locator(`[data-testid="price-row"][data-model="${model}"]`)
  }

  /** The full-precision price behind a model's input. */
  async price(model: string, field: 'prompt' | 'completion'): Promise<number> {
    return Number(await this.priceRow(model).getByTestId(`price-${field}`).getAttribute('data-value'))
  }

  async setPrice(model: string, prompt: string, completion: string): Promise<void> {
    await this.priceRow(model).getByTestId('price-prompt').fill(prompt)
    await this.priceRow(model).getByTestId('price-completion').fill(completion)
    await this.priceSave.click()
    await expect(this.priceRow(model)).toHaveAttribute('data-source', 'operator')
  }

  /** A figure of the impact (its exact value). */
  async impact(id: 'cost' | 'fail-rate' | 'failures' | 'net'): Promise<number> {
    const el = this.page.getByTestId(`impact-${id}`)
    await expect(el).not.toHaveAttribute('data-value', '')
    return Number(await el.getAttribute('data-value'))
  }

  optionRow(model: string): Locator {
    return this.page.locator(`[data-testid="repricing-row"][data-model="${model}"]`)
  }

  scenarioRow(volume: number): Locator {
    return this.scenarios.locator(`[data-testid="scenario-row"][data-volume="${volume}"]`)
  }
}
