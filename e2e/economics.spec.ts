/** The Costs page's economics against the real backend: re-pricing a use case onto another model equals tokens x prices on the input file's rows, with the target's failure rate there; the price table edits, imports (naming bad rows) and exports; scenarios and savings ideas draw; drilldowns open exactly the moved requests. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { csvRecords as parseCsv } from '../src/main/artifacts/compareArtifacts'
import { SAMPLE_INPUT, saveScreenshot } from './fixtures'
import { AppShell } from './pages/AppShell'
import { CostEconomics } from './pages/CostEconomics'
import { canvasPixels } from './pages/HotspotsPage'

const interactions = (): Record<string, string>[] => parseCsv(fs.readFileSync(path.join(SAMPLE_INPUT, 'llm_system_interactions.csv'), 'utf8'))

function close(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(1e-12, Math.abs(expected))
}

const sum = (rows: Record<string, string>[], col: string): number => rows.reduce((s, r) => s + Number(r[col]), 0)

test.describe('Costs page: re-pricing, scenarios, savings ideas, price table', () => {
  test('re-prices a use case onto another model with its failure trade-off, exactly tokens x prices', async ({ page }, testInfo) => {
    const input = interactions()
    const coding = input.filter((r) => r.use_case === 'coding')
    const moved = coding.filter((r) => r.model_name !== 'gemini')
    const gemini = coding.filter((r) => r.model_name === 'gemini')
    const shell = new AppShell(page)
    const econ = new CostEconomics(page)
    await shell.open('costs')
    await shell.waitForDataset('input')
    await econ.waitForData()

    // every model of the sample is priced by an estimate, whose fit says the sample's cost hardly follows its tokens
    await expect(econ.prices.getByTestId('price-row')).toHaveCount(4)
    await expect(econ.prices.locator('[data-testid="price-row"][data-source="estimated"]')).toHaveCount(4)
    await expect(econ.priceRow('gemini').getByTestId('price-fit-quality')).toHaveText('poor fit')

    await econ.useCase.selectOption('coding')
    await econ.target.selectOption('["google","gemini"]')
    await expect(page).toHaveURL(/rp\.model=gemini/)
    await expect(page).toHaveURL(/rp\.uc=coding/)
    await expect(econ.statement).toBeVisible()
    await econ.waitForData()

    // cost: the moved rows' own tokens at gemini's (estimated) prices, minus what they cost
    const pp = await econ.price('gemini', 'prompt')
    const pc = await econ.price('gemini', 'completion')
    const P = sum(moved, 'prompt_tokens')
    const C = sum(moved, 'completion_tokens')
    const expectedDelta = (P * pp + C * pc) / 1e6 - sum(moved, 'cost_usd')
    const delta = await econ.impact('cost')
    expect(close(delta, expectedDelta, 1e-9), `cost delta ${delta} vs ${expectedDelta}`).toBe(true)
    // failures: the moved requests would fail at gemini's rate on coding
    const gFail = gemini.filter((r) => r.is_failure === 'True').length / gemini.length
    expect(close(await econ.impact('fail-rate'), gFail, 1e-12)).toBe(true)
    const dF = moved.length * gFail - moved.filter((r) => r.is_failure === 'True').length
    expect(close(await econ.impact('failures'), dF, 1e-9)).toBe(true)
    await expect(econ.statement).toContainText(`Moving coding (${moved.length} requests) to google / gemini`)

    // the bars draw; the option table re-prices all of coding on gemini: exactly tokens x prices
    await shell.setTheme('light')
    await expect.poll(async () => (await canvasPixels(page.getByTestId('repricing-chart'), [47, 158, 110])).matching + (await canvasPixels(page.getByTestId('repricing-chart'), [229, 72, 77])).matching).toBeGreaterThan(500)
    await saveScreenshot(page, testInfo, 'costs-repricing')

    // an exact price: gemini at $1 / $2 per million -> all of coding on gemini costs (P x 1 + C x 2) / 1e6, to the last digit
    await econ.setPrice('gemini', '1', '2')
    await econ.waitForData()
    await page.getByTestId('repricing-view').getByRole('button', { name: 'Table' }).click()
    const allP = sum(coding, 'prompt_tokens')
    const allC = sum(coding, 'completion_tokens')
    await expect(econ.optionRow('gemini').getByTestId('cost')).toHaveAttribute('data-value', String((allP * 1 + allC * 2) / 1e6))
    expect(close(await econ.impact('cost'), (P * 1 + C * 2) / 1e6 - sum(moved, 'cost_usd'))).toBe(true)

    // half the traffic: half the cost change
    await econ.share.fill('50')
    await expect(page).toHaveURL(/rp\.share=50/)
    await econ.waitForData()
    expect(close(await econ.impact('cost'), ((P * 1 + C * 2) / 1e6 - sum(moved, 'cost_usd')) / 2)).toBe(true)
    await econ.share.fill('100')
    await econ.waitForData()

    // the moved requests, and gemini's own coding requests, open exactly in the Explorer
    await page.getByTestId('impact-open-moved').click()
    await expect(page.getByTestId('explorer-count')).toHaveAttribute('data-value', String(moved.length))
    await page.goBack()
    await econ.waitForData()
    await page.getByTestId('impact-open-target').click()
    await expect(page.getByTestId('explorer-count')).toHaveAttribute('data-value', String(gemini.length))
    await page.goBack()
    await econ.waitForData()
    // and the comparison of the two opens on the Compare page
    await page.getByTestId('impact-compare').click()
    await expect(page).toHaveURL(/#\/compare\?use_case=coding(&model_name=(claude|gpt|llama)){3}&b=use_case%3Dcoding%26model_name%3Dgemini$/)
    await expect(page.getByTestId('compare-a-count')).toHaveAttribute('data-value', String(moved.length))
    await expect(page.getByTestId('compare-b-count')).toHaveAttribute('data-value', String(gemini.length))
    await page.goBack()
    await econ.waitForData()

    // scenarios: volume x2 doubles the rest of the month, with and without the change
    await econ.volume.fill('2')
    await expect(page).toHaveURL(/vol=2/)
    await econ.waitForData()
    const mtd = Number(await page.getByTestId('forecast-mtd').getAttribute('data-value'))
    const total = Number(await page.getByTestId('forecast-total').getAttribute('data-value'))
    const x2 = econ.scenarioRow(2)
    await expect(x2).toHaveClass(/costs-row--chosen/)
    expect(close(Number(await x2.getByTestId('base-month-end').getAttribute('data-value')), mtd + 2 * (total - mtd))).toBe(true)
    await expect(x2.getByTestId('change-month-end')).toBeVisible()
    await expect(econ.ideas).toBeVisible()
    await saveScreenshot(page, testInfo, 'costs-scenarios')

    // back to the estimate
    await econ.priceRow('gemini').getByTestId('price-reset').click()
    await expect(econ.priceRow('gemini')).toHaveAttribute('data-source', 'estimated')
  })

  test('the price table imports a CSV naming each bad row, and exports what it uses', async ({ page }) => {
    const shell = new AppShell(page)
    const econ = new CostEconomics(page)
    await shell.open('costs')
    await shell.waitForDataset('input')
    await econ.waitForData()

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prices-'))
    const file = path.join(dir, 'prices.csv')
    fs.writeFileSync(file, ['model_provider,model_name,usd_per_1m_prompt,usd_per_1m_completion', 'openai,gpt,2.5,10', 'anthropic,claude,three,15', 'local,llama,0.1', 'openai,gpt,1,1', 'acme,next-model,0.2,0.8'].join('\n') + '\n')
    await econ.importFile.setInputFiles(file)
    await expect(econ.importResult).toContainText('Imported 2 of 5 rows from prices.csv; 3 rejected')
    await expect(econ.importErrors.locator('li')).toHaveText(['line 3: usd_per_1m_prompt "three" is not a number', 'line 4: 3 fields, the header has 4', 'line 5: model openai / gpt is already listed on line 2'])
    await expect(econ.priceRow('gpt')).toHaveAttribute('data-source', 'operator')
    expect(await econ.price('gpt', 'prompt')).toBe(2.5)
    // a model only the price table knows is a re-pricing target too
    await expect(econ.priceRow('next-model')).toHaveAttribute('data-source', 'operator')
    await econ.target.selectOption('["acme","next-model"]')
    await expect(page.getByTestId('impact-warnings')).toContainText('acme / next-model served no request in scope')

    const [download] = await Promise.all([page.waitForEvent('download'), econ.priceExport.click()])
    expect(download.suggestedFilename()).toBe('price_table.csv')
    const exported = parseCsv(fs.readFileSync(await download.path(), 'utf8'))
    expect(exported.map((r) => [r.model_name, r.source])).toEqual([
      ['claude', 'estimated'],
      ['gemini', 'estimated'],
      ['llama', 'estimated'],
      ['gpt', 'operator'],
      ['next-model', 'operator']
    ])
    expect(exported.find((r) => r.model_name === 'gpt')!.usd_per_1m_completion).toBe('10')

    // clear the operator's prices again (the backend keeps them for the next spec otherwise)
    await econ.priceRow('next-model').getByTestId('price-reset').click()
    await econ.priceRow('gpt').getByTestId('price-reset').click()
    await expect(econ.prices.locator('[data-testid="price-row"][data-source="operator"]')).toHaveCount(0)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
