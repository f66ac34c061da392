/** Page object of the Clusters page: the run (progress, settings), the map and its lasso, the ranked list, the cluster panel with its diagnosis, the phrase search and the exports. */
import { expect, type Locator, type Page } from '@playwright/test'

export class ClustersPage {
  readonly root: Locator
  readonly progress: Locator
  readonly rows: Locator
  readonly mapBox: Locator
  readonly canvas: Locator
  readonly lassoButton: Locator
  readonly selectionCount: Locator
  readonly selectionOpen: Locator
  readonly selectionDiagnose: Locator
  readonly detail: Locator
  readonly diagnosis: Locator
  readonly openCluster: Locator
  readonly phraseInput: Locator
  readonly phraseButton: Locator
  readonly phraseItems: Locator
  readonly exportReport: Locator
  readonly listCsv: Locator
  readonly mapPng: Locator
  readonly vectors: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('clusters')
    this.progress = page.getByTestId('cluster-progress')
    this.rows = page.getByTestId('cluster-row')
    this.mapBox = page.getByTestId('cluster-map-box')
    this.canvas = page.getByTestId('map-canvas')
    this.lassoButton = page.getByTestId('map-lasso')
    this.selectionCount = page.getByTestId('map-selection-count')
    this.selectionOpen = page.getByTestId('map-selection-open')
    this.selectionDiagnose = page.getByTestId('map-selection-diagnose')
    this.detail = page.getByTestId('cluster-detail')
    this.diagnosis = page.getByTestId('diagnosis')
    this.openCluster = page.getByTestId('cluster-open')
    this.phraseInput = page.getByTestId('phrase-input')
    this.phraseButton = page.getByTestId('phrase-search-button')
    this.phraseItems = page.getByTestId('phrase-similar-item')
    this.exportReport = page.getByTestId('cluster-export')
    this.listCsv = page.getByTestId('cluster-list-csv')
    this.mapPng = page.getByTestId('map-png')
    this.vectors = page.getByTestId('cluster-vectors')
  }

  /** Waits for the ranked list and the final (UMAP) map with every point loaded. */
  async waitForClusters(): Promise<void> {
    await expect(this.rows.first()).toBeVisible({ timeout: 180_000 })
    await expect(this.mapBox).toHaveAttribute('data-method', 'umap', { timeout: 180_000 })
    await expect.poll(async () => (await this.mapBox.getAttribute('data-loaded')) === (await this.mapBox.getAttribute('data-rows')), { timeout: 60_000 }).toBe(true)
  }

  row(rank: number): Locator {
    return this.page.locator(`[data-testid="cluster-row"][data-rank="${rank}"]`)
  }

  /** Draws a closed lasso (lasso mode) through the given points, each relative to the canvas (0..1). */
  async lasso(points: [number, number][]): Promise<void> {
    if ((await this.lassoButton.getAttribute('aria-pressed')) !== 'true') await this.lassoButton.click()
    const box = (await this.canvas.boundingBox())!
    const at = ([x, y]: [number, number]): [number, number] => [box.x + x * box.width, box.y + y * box.height]
    await this.page.mouse.move(...at(points[0]))
    await this.page.mouse.down()
    for (const p of [...points.slice(1), points[0]]) await this.page.mouse.move(...at(p), { steps: 10 })
    await this.page.mouse.up()
  }

  async selectionSize(): Promise<number> {
    return Number(await this.selectionCount.getAttribute('data-count'))
  }

  /**
   * "Annotate N…" of the cluster panel (`cluster-annotate`) or the lasso bar (`map-selection-annotate`):
   * sets a status for every request it targets; returns how many were annotated.
   */
  async annotate(testId: 'cluster-annotate' | 'map-selection-annotate', status: string, labels = ''): Promise<number> {
    await this.page.getByTestId(testId).click()
    await this.page.getByTestId(`${testId}-status`).selectOption(status)
    if (labels) await this.page.getByTestId(`${testId}-labels`).fill(labels)
    await this.page.getByTestId(`${testId}-run`).click()
    const done = this.page.getByTestId(`${testId}-done`)
    await expect(done).toBeVisible({ timeout: 60_000 })
    const count = Number(/Annotated ([\d,]+) interaction/.exec((await done.textContent()) ?? '')?.[1]?.replace(/,/g, ''))
    await this.page.keyboard.press('Escape')
    return count
  }
}
