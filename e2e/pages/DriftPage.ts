/** Page object of the Drift page: window tabs, the date-range form, the feature rows with their exact metrics, the distribution chart and the export. */
import { expect, type Locator, type Page } from '@playwright/test'

export class DriftPage {
  readonly root: Locator
  readonly report: Locator
  readonly rows: Locator
  readonly method: Locator
  readonly referenceRows: Locator
  readonly currentRows: Locator
  readonly distribution: Locator
  readonly distributionChart: Locator
  readonly exportCsv: Locator
  readonly rangesForm: Locator
  readonly applyRanges: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('drift')
    this.report = page.getByTestId('drift-report')
    this.rows = page.locator('[data-testid^="drift-row-"]')
    this.method = page.getByTestId('drift-method')
    this.referenceRows = page.getByTestId('drift-reference-rows')
    this.currentRows = page.getByTestId('drift-current-rows')
    this.distribution = page.getByTestId('distribution-panel')
    this.distributionChart = page.getByTestId('distribution-chart')
    this.exportCsv = page.getByTestId('export-drift-csv')
    this.rangesForm = page.getByTestId('date-ranges-form')
    this.applyRanges = page.getByTestId('apply-ranges')
  }

  tab(kind: 'history_vs_evaluation' | 'temporal_early_vs_recent' | 'date_ranges'): Locator {
    return this.page.getByTestId(`drift-tab-${kind}`)
  }

  row(feature: string): Locator {
    return this.page.getByTestId(`drift-row-${feature}`)
  }

  rangeInput(field: 'referenceFrom' | 'referenceTo' | 'currentFrom' | 'currentTo'): Locator {
    return this.page.getByTestId(`range-${field}`)
  }

  /** Feature name -> severity, PSI and TV as the rows carry them, in table order. */
  async features(): Promise<{ feature: string; severity: string; psi: number | null; tv: number | null }[]> {
    await expect(this.rows.first()).toBeVisible()
    return this.rows.evaluateAll((rows) =>
      rows.map((r) => {
        const num = (a: string): number | null => {
          const v = r.getAttribute(a)
          return v === null || v === '' ? null : Number(v)
        }
        return { feature: (r.getAttribute('data-testid') ?? '').replace('drift-row-', ''), severity: r.getAttribute('data-severity') ?? '', psi: num('data-psi'), tv: num('data-tv') }
      })
    )
  }

  /** The feature's button in its row (pressed while its distributions are shown). */
  featureButton(feature: string): Locator {
    return this.row(feature).getByRole('button', { name: feature })
  }

  async selectFeature(feature: string): Promise<void> {
    await this.featureButton(feature).click()
    await expect(this.featureButton(feature)).toHaveAttribute('aria-pressed', 'true')
  }

  /** Drawn pixels of the distribution chart in the reference (grey) and current (blue) bar colours. */
  async barPixels(): Promise<{ reference: number; current: number }> {
    return this.distributionChart.evaluate((el) => {
      const canvas = el.querySelector('canvas')
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return { reference: 0, current: 0 }
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let reference = 0
      let current = 0
      const near = (i: number, r: number, g: number, b: number): boolean => Math.abs(data[i] - r) < 18 && Math.abs(data[i + 1] - g) < 18 && Math.abs(data[i + 2] - b) < 18 && data[i + 3] > 200
      for (let i = 0; i < data.length; i += 4) {
        if (near(i, 0x8b, 0x93, 0xa1)) reference++
        else if (near(i, 0x4c, 0x7c, 0xf0)) current++
      }
      return { reference, current }
    })
  }
}
