// The price table, economics and comparison methods through the validating dispatcher, on the notebook sample.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../shared/api'
import type { CompareResult } from '../../shared/compare'
import { EMPTY_PRICE_TABLE, type Economics, type PriceTableView } from '../../shared/economics'
import { dispatch } from './dispatch'
import { Workbench } from './workbench'

const SAMPLE = path.resolve(__dirname, '../../../test/fixtures/notebook-sample/input')

describe('Workbench economics and comparisons', () => {
  const wb = new Workbench({ mode: 'web' })
  const events: WorkbenchEvent[] = []
  beforeAll(async () => {
    wb.onDidEmit((e) => events.push(e))
    // the table is workspace state: it can be set before any dataset is loaded
    const early = await dispatch(wb, 'setPriceTable', { table: { ...EMPTY_PRICE_TABLE, entries: [{ model_provider: 'openai', model_name: 'gpt', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }] } })
    expect(early.ok && (early.value as PriceTableView).rows).toEqual([{ model_provider: 'openai', model_name: 'gpt', requests: 0, usd_per_1m_prompt: 1, usd_per_1m_completion: 2, source: 'operator', estimate: null }])
    await wb.loadDataset({ jobId: 1, paths: [SAMPLE] })
  })
  afterAll(() => wb.dispose())

  it('refuses a bad price table naming the field, and keeps the old one', async () => {
    const bad = await dispatch(wb, 'setPriceTable', { table: { ...EMPTY_PRICE_TABLE, entries: [{ model_provider: null, model_name: 'x', usd_per_1m_prompt: -1, usd_per_1m_completion: 2 }] } })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error.details?.join(' ')).toContain('table.entries.0.usd_per_1m_prompt')
    const dup = await dispatch(wb, 'setPriceTable', {
      table: { ...EMPTY_PRICE_TABLE, entries: [{ model_provider: 'p', model_name: 'x', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }, { model_provider: 'p', model_name: 'x', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }] }
    })
    expect(!dup.ok && dup.error.details?.join(' ')).toContain('model p / x is listed twice')
    const view = (await wb.getPriceTable()).table
    expect(view.entries.map((e) => e.model_name)).toEqual(['gpt'])
  })

  it('prices every model of the data (estimated unless set) and announces a change', async () => {
    const view = await wb.getPriceTable()
    expect(view.rows.map((r) => [r.model_name, r.source])).toEqual([
      ['claude', 'estimated'],
      ['gemini', 'estimated'],
      ['llama', 'estimated'],
      ['gpt', 'operator']
    ])
    // the sample's cost hardly follows its tokens: the estimates say so
    expect(view.rows[0].estimate?.quality).toBe('poor')
    const before = events.length
    await wb.setPriceTable({ table: EMPTY_PRICE_TABLE })
    // the price table is workspace state: its change also marks the workspace unsaved
    expect(events.slice(before).map((e) => e.type)).toEqual(['pricesChanged', 'workspaceChanged'])
    expect((await wb.getPriceTable()).rows.find((r) => r.model_name === 'gpt')?.source).toBe('estimated')
  })

  it('re-prices a use case onto another model with its failure trade-off', async () => {
    const r = await dispatch(wb, 'getEconomics', {
      scope: {},
      use_case: 'coding',
      change: { use_case: 'coding', target: { kind: 'model', model_provider: 'google', model_name: 'gemini' }, share: 1 },
      volume: 2
    })
    expect(r.ok).toBe(true)
    const e = (r as { value: Economics }).value
    expect(e.slice.requests).toBe(480)
    expect(e.impact?.fail_rate_source).toBe('use_case')
    expect(e.impact?.moved_requests).toBe(480 - e.slice.options.find((o) => o.model_name === 'gemini')!.current_share * 480)
    expect(e.scenarios.some((s) => s.volume === 2 && s.with_change)).toBe(true)
    const bad = await dispatch(wb, 'getEconomics', { scope: {}, volume: 9 })
    expect(!bad.ok && bad.error.details?.[0]).toMatch(/^volume:/)
  })

  it('compares two models with a verdict per metric', async () => {
    const r = await dispatch(wb, 'compareScopes', { a: { filters: { model_name: ['claude'] } }, b: { filters: { model_name: ['llama'] } } })
    const c = (r as { value: CompareResult }).value
    expect([c.a_requests, c.b_requests, c.overlap]).toEqual([600, 600, 0])
    expect(c.metrics).toHaveLength(7)
    expect(c.metrics.every((m) => m.verdict.length > 0)).toBe(true)
    const bad = await dispatch(wb, 'compareScopes', { a: {}, b: { filters: { nope: ['x'] } } })
    expect(bad.ok).toBe(false)
  })
})
