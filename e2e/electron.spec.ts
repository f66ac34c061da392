/**
 * The desktop app itself, driven through Playwright's Electron support. Skipped, with the reason, where
 * the Electron binary is not installed (npm installs run with ignore-scripts; `npm run electron:fetch`).
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { REPO_ROOT } from './fixtures'

function locateElectron(): { binary: string | null; reason: string } {
  let binary: unknown
  try {
    // the electron package exports the path of its downloaded binary, and throws when there is none
    binary = createRequire(__filename)('electron')
  } catch (err) {
    return { binary: null, reason: `Electron binary not installed: require('electron') threw "${(err as Error).message}". Run npm run electron:fetch where GitHub is reachable.` }
  }
  if (typeof binary !== 'string' || !fs.existsSync(binary)) {
    return { binary: null, reason: `Electron binary not installed: ${String(binary)} does not exist. Run npm run electron:fetch where GitHub is reachable.` }
  }
  const main = path.join(REPO_ROOT, 'out/main/index.js')
  if (!fs.existsSync(main)) return { binary: null, reason: `the app is not built (${main} is missing): run npm run build:only first` }
  return { binary, reason: '' }
}

const located = locateElectron()

test.describe('Electron app', () => {
  test('opens a window with the navigation and the integrity report of the demo data', async ({}, testInfo) => {
    if (located.binary === null) {
      // printed as well, so the reason shows in the console run and not only in the report's annotation
      console.log(`electron.spec.ts skipped: ${located.reason}`)
      test.skip(true, located.reason)
    }
    const app = await electron.launch({ args: [path.join(REPO_ROOT, 'out/main/index.js')], executablePath: located.binary!, cwd: REPO_ROOT })
    try {
      const win = await app.firstWindow()
      await expect(win.getByRole('navigation', { name: 'Pages' })).toBeVisible()
      await win.getByTestId('nav-data').click()
      await expect(win.getByTestId('integrity-report')).toBeVisible({ timeout: 60_000 })
      await expect(win.getByTestId('table-rows-interactions')).not.toHaveText('')
      await expect(win.getByTestId('pick-files')).toBeVisible()
      const file = testInfo.outputPath('electron-data.png')
      await win.screenshot({ path: file })
      await testInfo.attach('electron-data', { path: file, contentType: 'image/png' })
    } finally {
      await app.close()
    }
  })
})
