/** Page object of the Triage page: running (progress, cancel), the decision and its metrics, the threshold slider and confusion matrix, the charts, and the review queue with its exports. */
import { expect, type Locator, type Page } from '@playwright/test'

export class TriagePage {
  readonly root: Locator
  readonly runButton: Locator
  readonly progress: Locator
  readonly phase: Locator
  readonly cancelButton: Locator
  readonly cancelled: Locator
  readonly notRun: Locator
  readonly verdict: Locator
  readonly mode: Locator
  readonly threshold: Locator
  readonly recommendation: Locator
  readonly calibration: Locator
  readonly baselines: Locator
  readonly slider: Locator
  readonly sliderValue: Locator
  readonly detail: Locator
  readonly thresholdChart: Locator
  readonly rocChart: Locator
  readonly prChart: Locator
  readonly queueGrid: Locator
  readonly onlyReview: Locator
  readonly exportCsv: Locator
  readonly exportJson: Locator
  readonly exportStatus: Locator
  readonly exportArtifacts: Locator
  readonly exportArtifactsDone: Locator
  readonly gateBlocked: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('triage')
    this.runButton = page.getByTestId('run-triage')
    this.progress = page.getByTestId('triage-progress')
    this.phase = page.getByTestId('triage-phase')
    this.cancelButton = page.getByTestId('cancel-triage')
    this.cancelled = page.getByTestId('triage-cancelled')
    this.notRun = page.getByTestId('triage-not-run')
    this.verdict = page.getByTestId('triage-verdict')
    this.mode = page.getByTestId('triage-mode')
    this.threshold = page.getByTestId('triage-threshold')
    this.recommendation = page.getByTestId('triage-recommendation')
    this.calibration = page.getByTestId('triage-calibration')
    this.baselines = page.getByTestId('triage-baselines')
    this.slider = page.getByTestId('threshold-slider')
    this.sliderValue = page.getByTestId('slider-value')
    this.detail = page.getByTestId('threshold-detail')
    this.thresholdChart = page.getByTestId('threshold-chart')
    this.rocChart = page.getByTestId('roc-chart')
    this.prChart = page.getByTestId('pr-chart')
    this.queueGrid = page.getByTestId('queue-grid')
    this.onlyReview = page.getByTestId('queue-only-review')
    this.exportCsv = page.getByTestId('export-queue-csv')
    this.exportJson = page.getByTestId('export-queue-json')
    this.exportStatus = page.getByTestId('queue-export-status')
    this.exportArtifacts = page.getByTestId('export-triage-artifacts-button')
    this.exportArtifactsDone = page.getByTestId('export-triage-artifacts-done')
    this.gateBlocked = page.getByTestId('gate-blocked')
  }

  cm(cell: 'tp' | 'fp' | 'fn' | 'tn'): Locator {
    return this.page.getByTestId(`cm-${cell}`)
  }

  baseline(policy: string): Locator {
    return this.page.getByTestId(`baseline-${policy}`)
  }

  /** Runs the triage and waits for its verdict. */
  async run(): Promise<void> {
    await this.runButton.click()
    await expect(this.verdict).toBeVisible({ timeout: 60_000 })
    await expect(this.progress).toHaveCount(0)
  }

  /** Moves the slider to a threshold with the keyboard (one step = 0.01). */
  async setThreshold(from: number, to: number): Promise<void> {
    await this.slider.focus()
    const steps = Math.round((to - from) * 100)
    for (let i = 0; i < Math.abs(steps); i++) await this.page.keyboard.press(steps > 0 ? 'ArrowRight' : 'ArrowLeft')
    await expect(this.sliderValue).toHaveText(to.toFixed(2))
  }

  /** Drawn (non-transparent) pixels of a chart's canvas. */
  async drawnPixels(chart: Locator): Promise<number> {
    return chart.evaluate((el) => {
      const canvas = el.querySelector('canvas')
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return 0
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let n = 0
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
      return n
    })
  }

  /** Pixels in the curve colour (#4c7cf0 light, #6f98ff dark theme accent): a chart whose curve draws nothing has none. */
  async curvePixels(chart: Locator): Promise<number> {
    return chart.evaluate((el) => {
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
