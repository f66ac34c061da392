import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SliceDimension } from '../../shared/analysis'
import { createEngine, type Engine } from '../engine/engine'
import { compareCodePoints, riskSlices } from './riskSlices'
import { ENGINE_KINDS, fixtureContext, loadInteractions, times, type FixtureRow } from './testTable'

// History rows (SLA_MS 2200), minimum support 2:
//   A / free     3 rows: latency 1000, 2000, 3000; 1 failure; cost 0.25, 0.25, null
//                fail 1/3; p95: h = 2 * 0.95 = 1.9 -> 2000 + 0.9 * 1000 = 2900; avg cost 0.25
//                score = 2/3 + 0.5 * 2900 / 2200 + 0.1 * 0.25 = 1.3507575757...
//   A / (null)   2 rows: latency 2200, 2200; no failure; no cost -> 'unknown', score 0 + 0.5 + 0 = 0.5
//   C / pro      3 rows: latency 1000; cost 0.5; score 0.5 * 1000 / 2200 + 0.05 = 0.27727...
//   C / free     2 rows: the same per-row values -> the same score; fewer requests, so after C / pro
//   (null) / pro 2 rows without latency -> p95 and score null, ranked last
//   B / free     1 row -> below the support of 2 (counted in slices_total)
// Not history: one A / free row that would change everything if counted.
const ROWS: FixtureRow[] = [
  { use_case: 'A', account_tier: 'free', latency_ms: 1000, cost_usd: 0.25, is_failure: true, in_history: true, model_name: 'm1', region: 'eu' },
  { use_case: 'A', account_tier: 'free', latency_ms: 2000, cost_usd: 0.25, is_failure: false, in_history: true, model_name: 'm1', region: 'eu' },
  { use_case: 'A', account_tier: 'free', latency_ms: 3000, cost_usd: null, is_failure: false, in_history: true, model_name: 'm2', region: 'us' },
  ...times(2, { use_case: 'A', account_tier: null, latency_ms: 2200, in_history: true, model_name: 'm2', region: 'us' }),
  ...times(3, { use_case: 'C', account_tier: 'pro', latency_ms: 1000, cost_usd: 0.5, in_history: true, model_name: 'm1', region: 'us' }),
  ...times(2, { use_case: 'C', account_tier: 'free', latency_ms: 1000, cost_usd: 0.5, in_history: true, model_name: 'm1', region: 'us' }),
  ...times(2, { use_case: null, account_tier: 'pro', latency_ms: null, in_history: true, model_name: 'm1', region: 'us' }),
  { use_case: 'B', account_tier: 'free', latency_ms: 1000, in_history: true, model_name: 'm1', region: 'us' },
  { use_case: 'A', account_tier: 'free', latency_ms: 9000, is_failure: true, in_history: false, win_role: 'evaluation', model_name: 'm1', region: 'eu' }
]

describe('compareCodePoints', () => {
  it('orders by code point, as DuckDB and Python do', () => {
    expect(['b', 'B', 'a', '\u{1F600}', '\uFB01'].sort(compareCodePoints)).toEqual(['B', 'a', 'b', '\uFB01', '\u{1F600}'])
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0)
  })
})

describe.each(ENGINE_KINDS)('riskSlices on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => {
    await engine.close()
  })

  it('scores, filters by support and ranks with the documented tie-breaks', async () => {
    const t = await riskSlices(fixtureContext(engine), ['use_case', 'account_tier'], 2)
    expect(t.dimensions).toEqual(['use_case', 'account_tier'])
    expect(t.slices_total).toBe(6)
    expect(t.rows.map((r) => r.key)).toEqual([
      ['A', 'free'],
      ['A', 'unknown'],
      ['C', 'pro'],
      ['C', 'free'],
      ['unknown', 'pro']
    ])
    const [af, au, cp, cf, up] = t.rows
    expect(af.requests).toBe(3)
    expect(af.fail_rate).toBe(1 / 3)
    expect(af.p95_latency).toBeCloseTo(2900, 9)
    expect(af.avg_cost).toBe(0.25)
    expect(af.score).toBeCloseTo(2 / 3 + (0.5 * 2900) / 2200 + 0.025, 12)
    expect(au).toMatchObject({ requests: 2, fail_rate: 0, p95_latency: 2200, avg_cost: null, score: 0.5 })
    expect(cp.score).toBe(cf.score)
    expect(cp.requests).toBe(3)
    expect(up).toMatchObject({ requests: 2, p95_latency: null, score: null })
  })

  it('uses MIN_REQUESTS_SLICE by default and follows the scope', async () => {
    const t = await riskSlices(fixtureContext(engine, { knobs: { MIN_REQUESTS_SLICE: 3 } }))
    expect(t.rows.map((r) => r.key)).toEqual([
      ['A', 'free'],
      ['C', 'pro']
    ])
    const scoped = await riskSlices(fixtureContext(engine, { scope: { filters: { use_case: ['C'] } } }), ['use_case', 'account_tier'], 1)
    expect(scoped.rows.map((r) => r.key[1])).toEqual(['pro', 'free'])
    const empty = await riskSlices(fixtureContext(engine, { scope: { filters: { use_case: ['Z'] } } }), ['use_case', 'account_tier'], 1)
    expect(empty).toMatchObject({ slices_total: 0, rows: [] })
  })

  it('groups by any two allow-listed dimensions and refuses anything else', async () => {
    const t = await riskSlices(fixtureContext(engine), ['model_name', 'region'], 1)
    // m1/eu: 2 rows (one failure), m2/us: 3 rows, m1/us: 8 rows
    expect(t.rows.find((r) => r.key[0] === 'm1' && r.key[1] === 'eu')).toMatchObject({ requests: 2, fail_rate: 0.5 })
    expect(t.rows.map((r) => r.requests).sort((a, b) => a - b)).toEqual([2, 3, 8])
    await expect(riskSlices(fixtureContext(engine), ['use_case', 'use_case'], 1)).rejects.toThrow(/two different/)
    await expect(riskSlices(fixtureContext(engine), ['use_case', 'request_text' as SliceDimension], 1)).rejects.toThrow(/unknown slice dimension/)
  })
})
