import { chromium } from 'playwright-core'
const [url, out, wait, h] = process.argv.slice(2)
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 1440, height: Number(h ?? 1000) } })
page.on('pageerror', (e) => console.log('pageerror', e.stack))
await page.goto(url)
await page.waitForTimeout(Number(wait ?? 8000))
await page.screenshot({ path: out })
await browser.close()
