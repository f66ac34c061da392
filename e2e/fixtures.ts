/** Shared e2e constants and helpers: the fixture dataset's paths and expected numbers, the run token, and screenshots saved as artifacts. */
import fs from 'node:fs'
import path from 'node:path'
import type { Page, TestInfo } from '@playwright/test'

export const TOKEN = 'e2e-token'
export const REPO_ROOT = path.resolve(__dirname, '..')
export const SAMPLE_INPUT = path.join(REPO_ROOT, 'test/fixtures/notebook-sample/input')
export const SAMPLE_EXPECTED = path.join(REPO_ROOT, 'test/fixtures/notebook-sample/expected')

export interface ExpectedHealth {
  interactions: number
  failure_rate: number
  sla_breach_rate: number
  p95_latency_ms: number
  total_cost_usd: number
  avg_cost_per_request: number
  tool_usage_share: number
  safety_blocks_share: number
  health_score: number
  failure_type_mix: { failure_type: string; count: number; share: number }[]
}

export function expectedHealth(): ExpectedHealth {
  return JSON.parse(fs.readFileSync(path.join(SAMPLE_EXPECTED, 'health_snapshot.json'), 'utf8')) as ExpectedHealth
}

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots')

/** Saves a full-page screenshot under test-results/screenshots/<name>.png and attaches it to the test report. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  await testInfo.attach(name, { path: file, contentType: 'image/png' })
  return file
}

/**
 * Starts watching the page for an element matching `selector` and returns a check of whether it was
 * ever present. For what may come and go between two polls of an assertion (the progress bar of a
 * fast job).
 */
export async function watchForElement(page: Page, selector: string): Promise<() => Promise<boolean>> {
  const key = `__seen_${Math.random().toString(36).slice(2)}`
  // a string expression: the e2e project is type-checked without DOM typings
  await page.evaluate(`(() => {
    const sel = ${JSON.stringify(selector)}
    window[${JSON.stringify(key)}] = !!document.querySelector(sel)
    new MutationObserver((_, observer) => {
      if (document.querySelector(sel)) { window[${JSON.stringify(key)}] = true; observer.disconnect() }
    }).observe(document.body, { childList: true, subtree: true, attributes: true })
  })()`)
  return async () => (await page.evaluate(`window[${JSON.stringify(key)}] === true`)) as boolean
}
