/** Page object of the Sampling page: the budget form, the rule table (add a rule, change a rate), the feasibility banner, the KPIs, projection and backtest panels, and the exports. */
import { expect, type Locator, type Page } from '@playwright/test'

export class SamplingPage {
  readonly root: Locator
  readonly feasibility: Locator
  readonly feasibilityMessage: Locator
  readonly keepShare: Locator
  readonly minKept: Locator
  readonly boostDays: Locator
  readonly boostEnabled: Locator
  readonly boostFactor: Locator
  readonly boostCoverage: Locator
  readonly rules: Locator
  readonly addField: Locator
  readonly addValue: Locator
  readonly addRate: Locator
  readonly addSubmit: Locator
  readonly projection: Locator
  readonly projectionView: Locator
  readonly projectionTotal: Locator
  readonly projectionChart: Locator
  readonly backtest: Locator
  readonly backtestSummary: Locator
  readonly backtestChart: Locator
  readonly exportPolicy: Locator
  readonly exportSample: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('sampling')
    this.feasibility = page.getByTestId('sampling-feasibility')
    this.feasibilityMessage = page.getByTestId('sampling-feasibility-message')
    this.keepShare = page.getByTestId('sampling-keep-share')
    this.minKept = page.getByTestId('sampling-min-kept')
    this.boostDays = page.getByTestId('sampling-boost-days')
    this.boostEnabled = page.getByTestId('sampling-boost-enabled')
    this.boostFactor = page.getByTestId('sampling-boost-factor')
    this.boostCoverage = page.getByTestId('sampling-boost-coverage')
    this.rules = page.getByTestId('sampling-rules')
    this.addField = page.getByTestId('sampling-add-field')
    this.addValue = page.getByTestId('sampling-add-value')
    this.addRate = page.getByTestId('sampling-add-rate')
    this.addSubmit = page.getByTestId('sampling-add-submit')
    this.projection = page.getByTestId('sampling-projection')
    this.projectionView = page.getByTestId('sampling-projection-view')
    this.projectionTotal = page.getByTestId('sampling-projection-total')
    this.projectionChart = page.getByTestId('sampling-projection-chart')
    this.backtest = page.getByTestId('sampling-backtest')
    this.backtestSummary = page.getByTestId('sampling-backtest-summary')
    this.backtestChart = page.getByTestId('sampling-backtest-chart')
    this.exportPolicy = page.getByTestId('sampling-export-policy')
    this.exportSample = page.getByTestId('sampling-export-sample')
  }

  kpi(id: 'kept' | 'sampled' | 'failures' | 'storage' | 'saving' | 'backtest'): Locator {
    return this.page.getByTestId(`sampling-kpi-${id}`)
  }

  rule(id: string): Locator {
    return this.page.getByTestId(`sampling-rule-${id}`)
  }

  ruleRate(id: string): Locator {
    return this.page.getByTestId(`sampling-rule-${id}-rate`)
  }

  /** Waits until the policy shown is the one of the current form (not recomputing). */
  async waitForPolicy(): Promise<void> {
    await expect(this.feasibility).toBeVisible()
    await expect(this.feasibility).not.toHaveClass(/is-stale/)
    await expect(this.rules).not.toHaveClass(/is-stale/)
  }

  /** The numbers of a rule row: rate (exact), rows, expected kept and kept by the hash, as shown. */
  async ruleCells(id: string): Promise<string[]> {
    return this.rule(id).locator('td').allInnerTexts()
  }
}
