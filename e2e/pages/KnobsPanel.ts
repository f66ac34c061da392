/** Page object of the knobs panel: opening it (button or Alt+K), one input and its message per knob, the derived values, Apply, Reset and the status line. */
import { expect, type Locator, type Page } from '@playwright/test'

export class KnobsPanel {
  readonly button: Locator
  readonly dialog: Locator
  readonly apply: Locator
  readonly reset: Locator
  readonly status: Locator
  readonly inputs: Locator
  readonly groups: Locator

  constructor(readonly page: Page) {
    this.button = page.getByTestId('knobs-button')
    this.dialog = page.getByTestId('knobs-panel')
    this.apply = page.getByTestId('knobs-apply')
    this.reset = page.getByTestId('knobs-reset')
    this.status = page.getByTestId('knobs-status')
    this.inputs = this.dialog.locator('[data-testid^="knob-input-"]')
    this.groups = this.dialog.locator('fieldset')
  }

  async open(): Promise<void> {
    await this.button.click()
    await expect(this.input('SLA_MS')).toBeVisible()
  }

  async openWithShortcut(): Promise<void> {
    await this.page.keyboard.press('Alt+KeyK')
    await expect(this.input('SLA_MS')).toBeVisible()
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close', exact: true }).first().click()
    await expect(this.dialog).toHaveCount(0)
  }

  input(name: string): Locator {
    return this.page.getByTestId(`knob-input-${name}`)
  }

  error(name: string): Locator {
    return this.page.getByTestId(`knob-error-${name}`)
  }

  derived(name: 'HOTSPOT_FAIL_RATE' | 'ROUTING_MAX_FAIL_RATE'): Locator {
    return this.page.getByTestId(`knob-derived-${name}`)
  }

  async set(name: string, value: string): Promise<void> {
    await this.input(name).fill(value)
  }

  /** Sets knobs and applies them, waiting for the confirmation. */
  async applyValues(values: Record<string, string>): Promise<void> {
    for (const [k, v] of Object.entries(values)) await this.set(k, v)
    await this.apply.click()
    await expect(this.status).toContainText('Applied:')
  }
}
