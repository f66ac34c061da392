/** Page object of the Routing page: the policy rows with their exact numbers, the verdict, the backtest summary, the what-if form, the gate block and the exports. */
import { expect, type Locator, type Page } from '@playwright/test'

export class RoutingPage {
  readonly root: Locator
  readonly policyPanel: Locator
  readonly policyRows: Locator
  readonly verdict: Locator
  readonly status: Locator
  readonly recommendation: Locator
  readonly explanation: Locator
  readonly summary: Locator
  readonly note: Locator
  readonly backtestPanel: Locator
  readonly backtestCaveat: Locator
  readonly backtestChart: Locator
  readonly whatIfMarker: Locator
  readonly whatIfDiff: Locator
  readonly whatIfReset: Locator
  readonly maxFailNote: Locator
  readonly exportPolicy: Locator
  readonly exportBacktest: Locator
  readonly exportArtifacts: Locator
  readonly exportArtifactsDone: Locator
  readonly gateBlocked: Locator
  readonly gateOverridden: Locator
  readonly overrideButton: Locator
  readonly overrideDialog: Locator
  readonly confirmOverride: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('routing')
    this.policyPanel = page.getByTestId('policy-panel')
    this.policyRows = page.locator('[data-testid^="policy-row-"]')
    this.verdict = page.getByTestId('routing-verdict')
    this.status = page.getByTestId('routing-status')
    this.recommendation = page.getByTestId('routing-recommendation')
    this.explanation = page.getByTestId('routing-explanation')
    this.summary = page.getByTestId('backtest-summary')
    this.note = page.getByTestId('backtest-note')
    this.backtestPanel = page.getByTestId('backtest-panel')
    this.backtestCaveat = page.getByTestId('backtest-caveat')
    this.backtestChart = page.getByTestId('backtest-chart')
    this.whatIfMarker = page.getByTestId('what-if-marker')
    this.whatIfDiff = page.getByTestId('what-if-diff')
    this.whatIfReset = page.getByTestId('what-if-reset')
    this.maxFailNote = page.getByTestId('what-if-max-fail')
    this.exportPolicy = page.getByTestId('export-policy-csv')
    this.exportBacktest = page.getByTestId('export-backtest-csv')
    this.exportArtifacts = page.getByTestId('export-artifacts-button')
    this.exportArtifactsDone = page.getByTestId('export-artifacts-done')
    this.gateBlocked = page.getByTestId('gate-blocked')
    this.gateOverridden = page.getByTestId('gate-overridden')
    this.overrideButton = page.getByTestId('override-gates')
    this.overrideDialog = page.getByTestId('override-dialog')
    this.confirmOverride = page.getByTestId('confirm-override')
  }

  row(useCase: string): Locator {
    return this.page.getByTestId(`policy-row-${useCase}`)
  }

  diff(useCase: string): Locator {
    return this.page.getByTestId(`policy-diff-${useCase}`)
  }

  whatIfInput(knob: 'SLA_MS' | 'FAILURE_EVENT_COST_USD' | 'SLA_BREACH_PENALTY_USD' | 'FAIL_BUDGET'): Locator {
    return this.page.getByTestId(`what-if-${knob}`)
  }

  kpi(id: string): Locator {
    return this.page.getByTestId(`kpi-${id}`)
  }

  /** The exact numbers of a policy row (its cells' data-value), by column position. */
  async rowValues(useCase: string): Promise<{ model: string; mode: string; values: number[] }> {
    const row = this.row(useCase)
    const values = await row.locator('td[data-value]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))))
    return { model: (await row.getAttribute('data-model')) ?? '', mode: (await row.getAttribute('data-mode')) ?? '', values }
  }

  /** Pixels of a chart's canvas within a small distance of one colour: a chart that draws no bars has (close to) none. */
  async chartPixels(chart: Locator, rgb: [number, number, number]): Promise<number> {
    return chart.evaluate((el, [r, g, b]) => {
      const canvas = el.querySelector('canvas')
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return 0
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let n = 0
      for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) < 16 && Math.abs(data[i + 1] - g) < 16 && Math.abs(data[i + 2] - b) < 16 && data[i + 3] > 200) n++
      return n
    }, rgb)
  }

  async waitForPolicy(): Promise<void> {
    await expect(this.policyPanel).toBeVisible()
    await expect(this.policyPanel).not.toHaveClass(/is-stale/)
    await expect(this.policyRows.first()).toBeVisible()
  }
}
