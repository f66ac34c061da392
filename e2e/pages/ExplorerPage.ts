/** Page object of the Explorer: the count, search and outcome filter, the server-paged grid and its column chooser, the detail drawer, the SQL console and the CSV export. */
import { expect, type Download, type Locator, type Page } from '@playwright/test'

export class ExplorerPage {
  readonly root: Locator
  readonly count: Locator
  readonly search: Locator
  readonly grid: Locator
  readonly table: Locator
  readonly drillBanner: Locator
  readonly exportButton: Locator
  readonly exportStatus: Locator
  readonly drawer: Locator
  readonly drawerId: Locator
  readonly sessionItems: Locator
  readonly rowsTab: Locator
  readonly sqlTab: Locator
  readonly sqlEditor: Locator
  readonly sqlRun: Locator
  readonly sqlError: Locator
  readonly sqlGrid: Locator

  constructor(readonly page: Page) {
    this.root = page.getByTestId('explorer')
    this.count = page.getByTestId('explorer-count')
    this.search = page.getByRole('searchbox', { name: 'Search request text' })
    this.grid = page.getByTestId('explorer-grid')
    this.table = page.getByRole('table', { name: 'Interactions in scope' })
    this.drillBanner = page.getByTestId('drilldown-banner')
    this.exportButton = page.getByTestId('export-csv')
    this.exportStatus = page.getByTestId('export-status')
    this.drawer = page.getByRole('dialog', { name: /^Interaction / })
    this.drawerId = page.getByTestId('detail-id')
    this.sessionItems = page.getByTestId('session-item')
    this.rowsTab = page.getByRole('tab', { name: 'Rows' })
    this.sqlTab = page.getByRole('tab', { name: 'SQL console' })
    this.sqlEditor = page.getByRole('textbox', { name: 'SQL query' })
    this.sqlRun = page.getByTestId('sql-run')
    this.sqlError = page.getByTestId('sql-error')
    this.sqlGrid = page.getByTestId('sql-result-grid')
  }

  /** The exact row count the page shows for the current scope (waits until it is not stale). */
  async total(): Promise<number> {
    await expect(this.count).not.toHaveAttribute('data-value', '')
    return Number(await this.count.getAttribute('data-value'))
  }

  /** Waits for the count to read `n` (the formatted number and the exact value). */
  async expectTotal(n: number): Promise<void> {
    await expect(this.count).toHaveAttribute('data-value', String(n))
    await expect(this.count).toContainText(n.toLocaleString('en-US'))
    await expect(this.table).toHaveAttribute('aria-rowcount', String(n + 1))
  }

  /** Loaded body rows of a grid (placeholders excluded). */
  bodyRows(grid: Locator = this.grid): Locator {
    return grid.locator('tbody tr.grid__row:not(.grid__row--placeholder)')
  }

  headers(grid: Locator = this.grid): Locator {
    return grid.locator('thead th')
  }

  /** The text of every cell of a loaded row, by column header (lower-case names as the table has them). */
  async rowValues(row: Locator, grid: Locator = this.grid): Promise<Record<string, string>> {
    const names = (await this.headers(grid).allInnerTexts()).map((h) => h.replace(/[▲▼]/g, '').trim().toLowerCase())
    const cells = await row.locator('td').allInnerTexts()
    return Object.fromEntries(names.map((n, i) => [n, cells[i]?.trim() ?? '']))
  }

  /** Rows of the current query held by the renderer, and which pages. */
  async memory(): Promise<{ rows: number; pages: string }> {
    return { rows: Number(await this.grid.getAttribute('data-rows-in-memory')), pages: (await this.grid.getAttribute('data-pages-in-memory')) ?? '' }
  }

  async scrollGridTo(fraction: number): Promise<void> {
    await this.grid.locator('.grid__scroll').evaluate((el, f) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f
    }, fraction)
  }

  async sortBy(column: string): Promise<void> {
    await this.grid.getByRole('button', { name: new RegExp(`^${column}`, 'i') }).click()
  }

  columnChooser(): Locator {
    return this.grid.getByRole('button', { name: 'Choose columns' })
  }

  async toggleColumn(name: string): Promise<void> {
    await this.columnChooser().click()
    await this.page.getByRole('dialog', { name: 'Choose columns' }).getByRole('checkbox', { name: name, exact: true }).click()
    await this.page.keyboard.press('Escape')
  }

  outcome(label: 'All' | 'Failed' | 'Succeeded'): Locator {
    return this.page.getByRole('group', { name: 'Outcome' }).getByRole('button', { name: label })
  }

  /** Clicks Export CSV and returns the downloaded file (web mode hands it to the browser). */
  async exportCsv(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.exportButton.click()])
    return download
  }

  async runSql(sql: string): Promise<void> {
    await this.sqlEditor.fill(sql)
    await this.sqlRun.click()
  }
}
