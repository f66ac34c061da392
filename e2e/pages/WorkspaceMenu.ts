/** Page object of the workspace actions: the File menu and its dialogs, the title, the Annotations and Policy history pages. */
import { expect, type Browser, type Download, type Locator, type Page } from '@playwright/test'
import { SAMPLE_INPUT } from '../fixtures'
import { AppShell } from './AppShell'

export class WorkspaceMenu {
  readonly fileMenu: Locator
  readonly name: Locator
  readonly dirty: Locator
  readonly notice: Locator

  constructor(readonly page: Page) {
    this.fileMenu = page.getByTestId('file-menu')
    this.name = page.getByTestId('workspace-name')
    this.dirty = page.getByTestId('workspace-dirty')
    this.notice = page.getByTestId('file-notice')
  }

  async command(testId: 'menu-new' | 'menu-open' | 'menu-save' | 'menu-save-as' | 'menu-export-bundle' | 'menu-export-report'): Promise<void> {
    await this.fileMenu.click()
    await this.page.getByTestId(testId).click()
  }

  /** File > Save As… with a path on the server's machine. */
  async saveAs(path: string): Promise<void> {
    await this.command('menu-save-as')
    await this.page.getByTestId('save-path').fill(path)
    await this.page.getByTestId('save-submit').click()
    await expect(this.notice).toContainText(`Saved ${path}`)
    await expect(this.dirty).toHaveCount(0)
  }

  /** File > Open… with a path on the server's machine; waits for it to be open. */
  async open(path: string, name: string): Promise<void> {
    await this.command('menu-open')
    await this.page.getByTestId('open-path').fill(path)
    await this.page.getByTestId('open-submit').click()
    const discard = this.page.getByTestId('confirm-discard-drop')
    if (await discard.isVisible().catch(() => false)) await discard.click()
    await expect(this.notice).toContainText(`Opened ${name}`, { timeout: 60_000 })
    await expect(this.name).toHaveText(name)
  }

  /** File > New, dropping unsaved changes. */
  async newWorkspace(): Promise<void> {
    await this.command('menu-new')
    const discard = this.page.getByTestId('confirm-discard-drop')
    await discard.or(this.notice).first().waitFor()
    if (await discard.isVisible()) await discard.click()
    await expect(this.notice).toContainText('New workspace', { timeout: 60_000 })
    await expect(this.name).toHaveText('Untitled')
  }

  /** A clean untitled workspace over the sample data (the shared server's state between specs). */
  async resetTo(dataPath: string): Promise<void> {
    await this.newWorkspace()
    await this.open(dataPath, 'Untitled')
    await expect(this.dirty).toHaveCount(0)
  }

  /** File > Export Bundle… written to a server path, optionally masking all free text. */
  async exportBundle(path: string, opts: { maskText?: boolean } = {}): Promise<void> {
    await this.command('menu-export-bundle')
    const dialog = this.page.getByTestId('bundle-dialog')
    await expect(dialog.getByTestId('bundle-columns')).toBeVisible()
    if (opts.maskText) await dialog.getByTestId('bundle-mask-text').click()
    await dialog.getByTestId('bundle-path').fill(path)
    await dialog.getByTestId('bundle-export').click()
    await expect(dialog.getByTestId('bundle-done')).toContainText(path, { timeout: 60_000 })
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
  }

  /** File > Export Report…, downloaded; returns the download. */
  async exportReport(): Promise<Download> {
    await this.command('menu-export-report')
    const dialog = this.page.getByTestId('report-dialog')
    const download = this.page.waitForEvent('download', { timeout: 90_000 })
    await dialog.getByTestId('report-export').click()
    const d = await download
    await expect(dialog.getByTestId('report-done')).toBeVisible()
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click()
    return d
  }
}

/** Puts the shared server back as the other specs expect it: the sample data in a clean untitled workspace (no annotations). */
export async function resetServer(browser: Browser): Promise<void> {
  const page = await browser.newPage()
  await new AppShell(page).open('data')
  await new WorkspaceMenu(page).resetTo(SAMPLE_INPUT)
  await page.close()
}
