/** Page object of the app frame: opening a route with the run token, the navigation, the header and the theme. */
import { expect, type Locator, type Page } from '@playwright/test'
import { TOKEN } from '../fixtures'

export class AppShell {
  readonly nav: Locator
  readonly datasetLabel: Locator
  readonly demoBadge: Locator
  readonly engine: Locator
  readonly utc: Locator
  readonly themeToggle: Locator

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Pages' })
    this.datasetLabel = page.getByTestId('dataset-label')
    this.demoBadge = page.getByTestId('demo-badge')
    this.engine = page.getByTestId('engine-indicator')
    this.utc = page.getByTestId('utc-indicator')
    this.themeToggle = page.getByTestId('theme-toggle')
  }

  /** Opens `#/<route>` with the token the web server was started with. */
  async open(route: string): Promise<void> {
    await this.page.goto(`/?token=${TOKEN}#/${route.replace(/^#?\/?/, '')}`)
    await expect(this.nav).toBeVisible()
  }

  navLink(pageId: string): Locator {
    return this.page.getByTestId(`nav-${pageId}`)
  }

  pageRoot(pageId: string): Locator {
    return this.page.getByTestId(`page-${pageId}`)
  }

  async theme(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-theme')
  }

  async setTheme(theme: 'light' | 'dark'): Promise<void> {
    if ((await this.theme()) !== theme) await this.themeToggle.click()
    await expect(this.page.locator('html')).toHaveAttribute('data-theme', theme)
  }

  get palette(): Locator {
    return this.page.getByTestId('command-palette')
  }

  /** Opens the command palette with Ctrl+K, types `query` and runs the first match with Enter. */
  async runFromPalette(query: string): Promise<void> {
    await this.page.keyboard.press('Control+k')
    await expect(this.palette).toBeVisible()
    await this.page.getByTestId('palette-input').fill(query)
    await this.page.keyboard.press('Enter')
    await expect(this.palette).toBeHidden()
  }

  /** Waits until a dataset with this label is shown in the header. */
  async waitForDataset(label: string): Promise<void> {
    await expect(this.datasetLabel).toHaveText(label)
  }
}
