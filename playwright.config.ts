/**
 * End-to-end tests: the web mode of the app (the real backend, no mocks) in the system's Chromium, plus
 * an Electron spec that runs where the Electron binary is installed. `npm run test:e2e` builds first.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'

// E2E_PORT / E2E_OUT let several checkouts or builds run side by side (default: port 4719, build in out/).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4719)
const E2E_OUT = process.env.E2E_OUT ?? 'out'
export const E2E_TOKEN = 'e2e-token'

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_RESULTS ?? 'test-results',
  // one backend holds one dataset: specs that load data must not interleave
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    }
  },
  projects: [
    { name: 'web', testIgnore: /electron\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ }
  ],
  webServer: {
    command: `node ${E2E_OUT}/main/serve.js --port ${E2E_PORT} --token ${E2E_TOKEN} --data test/fixtures/notebook-sample/input`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    // a state folder of its own per run: no recent files or autosaved sessions from other runs
    env: { TELEMETRY_WORKBENCH_STATE_DIR: process.env.TELEMETRY_WORKBENCH_STATE_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'twb-e2e-state-')) }
  }
})
