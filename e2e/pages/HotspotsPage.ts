/** Page object of the Hotspots page: the heatmap (chart and table view), the model risk map and its table, the ranked slice table with its settings, and the exports. */
import { expect, type Locator, type Page } from '@playwright/test'

/** Pixels of a chart's canvases: all drawn ones and those within a tolerance of one colour. */
export async function canvasPixels(chart: Locator, rgb: [number, number, number], tol = 26): Promise<{ drawn: number; matching: number }> {
  return chart.evaluate(
    (el, { rgb, tol }) => {
      // echarts may draw a series on a layer (canvas) of its own: count every layer
      let drawn = 0
      let matching = 0
      for (const canvas of el.querySelectorAll('canvas')) {
        const ctx = canvas.getContext('2d')
        if (!ctx) continue
        const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 0) continue
          drawn++
          if (Math.abs(data[i] - rgb[0]) <= tol && Math.abs(data[i + 1] - rgb[1]) <= tol && Math.abs(data[i + 2] - rgb[2]) <= tol && data[i + 3] > 200) matching++
        }
      }
      return { drawn, matching }
    },
    { rgb, tol }
  )
}

export class HotspotsPage {
  readonly root: Locator
  readonly historyNote: Locator
  readonly artifactsButton: Locator
  readonly heatmap: Locator
  readonly heatmapChart: Locator
  readonly heatmapTable: Locator
  readonly riskMap: Locator
  readonly riskMapChart: Locator
  readonly riskMapSla: Locator
  readonly riskMapHotspotRate: Locator
  readonly modelsTable: Locator
  readonly slices: Locator
  readonly dimA: Locator
  readonly dimB: Locator
  readonly minSupport: Locator
  readonly minSupportError: Locator
  readonly slicesSummary: Locator
  readonly slicesCount: Locator
  readonly slicesMinApplied: Locator
  readonly sliceRows: Locator
  readonly slicesCsv: Locator
  readonly hotspotsCsv: Locator
  readonly heatmapPng: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('hotspots')
    this.historyNote = page.getByTestId('history-note')
    this.artifactsButton = page.getByTestId('hotspots-artifacts')
    this.heatmap = page.getByTestId('heatmap-panel')
    this.heatmapChart = page.getByTestId('heatmap-chart')
    this.heatmapTable = page.getByTestId('heatmap-table')
    this.riskMap = page.getByTestId('riskmap-panel')
    this.riskMapChart = page.getByTestId('riskmap-chart')
    this.riskMapSla = page.getByTestId('riskmap-sla')
    this.riskMapHotspotRate = page.getByTestId('riskmap-hotspot-rate')
    this.modelsTable = page.getByTestId('hotspots-table')
    this.slices = page.getByTestId('slices-panel')
    this.dimA = page.getByTestId('slice-dim-a')
    this.dimB = page.getByTestId('slice-dim-b')
    this.minSupport = page.getByTestId('slice-min')
    this.minSupportError = page.getByTestId('slice-min-error')
    this.slicesSummary = page.getByTestId('slices-summary')
    this.slicesCount = page.getByTestId('slices-count')
    this.slicesMinApplied = page.getByTestId('slices-min-applied')
    this.sliceRows = page.getByTestId('slices-table').getByTestId('slice-row')
    this.slicesCsv = page.getByTestId('slices-csv')
    this.hotspotsCsv = page.getByTestId('hotspots-csv')
    this.heatmapPng = page.getByTestId('heatmap-png')
  }

  async waitForData(): Promise<void> {
    await expect(this.heatmap).toBeVisible()
    await expect(this.modelsTable).toBeVisible()
    await expect(this.sliceRows.first()).toBeVisible()
    await expect(this.page.locator('.is-stale')).toHaveCount(0)
  }

  async showHeatmapTable(): Promise<void> {
    await this.page.getByTestId('heatmap-view').getByRole('button', { name: 'Table' }).click()
    await expect(this.heatmapTable).toBeVisible()
  }

  async showHeatmapChart(): Promise<void> {
    await this.page.getByTestId('heatmap-view').getByRole('button', { name: 'Chart' }).click()
    await expect(this.heatmapChart).toBeVisible()
  }

  /** A cell of the heatmap's table view (row = tier, column = use case). */
  heatCell(row: string, column: string): Locator {
    return this.page.getByTestId(`heat-cell-${row}-${column}`)
  }

  modelRow(provider: string, model: string): Locator {
    return this.page.getByTestId(`hotspot-row-${provider}-${model}`)
  }

  sliceRow(a: string, b: string): Locator {
    return this.page.locator(`[data-testid="slice-row"][data-key="${a}|${b}"]`)
  }

  /** The exact value behind a table cell (its data-value). */
  async value(row: Locator, column: string): Promise<string> {
    return (await row.getByTestId(column).getAttribute('data-value')) ?? ''
  }

  async setDimensions(a: string, b: string): Promise<void> {
    // change the second first when it would equal the new first (the selects disable the other's value)
    if ((await this.dimB.inputValue()) === a) await this.dimB.selectOption(b)
    await this.dimA.selectOption(a)
    await this.dimB.selectOption(b)
  }

  /** The slice rows' keys, in the order shown. */
  async sliceKeys(): Promise<string[]> {
    return this.sliceRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key') ?? ''))
  }
}
