import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { budgetBurnDaily } from './burn'
import { costAnalytics, costByDimension } from './costs'
import { economicsCells } from './economics'
import { healthSnapshot } from './health'
import { modelHotspots } from './hotspots'
import { budgetIncidents } from './incidents'
import { riskSlices } from './riskSlices'
import { ENGINE_KINDS, fixtureContext, loadInteractions, weightedReport, type FixtureRow } from './testTable'

/** mulberry32: the same rows on both engines. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// 400 distinct rows, each standing for 1 to 4 rows. "Expanded" repeats each row that many times
// (no sample_rate); "weighted" holds each row once with sample_rate = its multiplicity. A weighted
// analysis of the second must say exactly what the plain analysis of the first says.
const rand = rng(11)
const BASE: { row: FixtureRow; mult: number }[] = Array.from({ length: 400 }, (_, i) => {
  const fail = rand() < 0.12
  return {
    mult: 1 + Math.floor(rand() * 4),
    row: {
      interaction_id: `i${i}`,
      timestamp_utc: `2025-03-0${1 + (i % 5)} ${String(i % 24).padStart(2, '0')}:00:00`,
      use_case: ['chat', 'code', 'rag'][i % 3],
      account_tier: ['free', 'pro'][i % 2],
      model_provider: ['p1', 'p2'][i % 2],
      model_name: ['m1', 'm2', 'm3', 'm4'][i % 4],
      is_failure: fail,
      failure_type: fail ? ['timeout', 'refusal'][i % 2] : 'none',
      safety_block_flag: rand() < 0.05,
      latency_ms: i % 37 === 0 ? null : Math.round(200 + rand() * 4000),
      cost_usd: i % 29 === 0 ? null : Math.round(rand() * 5000) / 1e5,
      total_tokens: 100 + (i % 50),
      response_quality_score: Math.round(rand() * 100) / 100,
      tool_calls_count: i % 3,
      in_history: i % 10 !== 0
    }
  }
})
const EXPANDED: FixtureRow[] = BASE.flatMap(({ row, mult }) => Array.from({ length: mult }, () => ({ ...row })))
const WEIGHTED: FixtureRow[] = BASE.map(({ row, mult }) => ({ ...row, sample_rate: mult }))
const TOTAL = EXPANDED.length

/** Equal, numbers within 1e-12 relative (a weighted cost sum adds in another order than the repeated rows). */
function expectSame(got: unknown, want: unknown, path = ''): void {
  if (typeof want === 'number' && typeof got === 'number') {
    expect(Math.abs(got - want), `${path}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)))
    return
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true)
    expect((got as unknown[]).length, `${path}.length`).toBe(want.length)
    want.forEach((w, i) => expectSame((got as unknown[])[i], w, `${path}[${i}]`))
    return
  }
  if (want !== null && typeof want === 'object') {
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort())
    for (const [k, v] of Object.entries(want)) expectSame((got as Record<string, unknown>)[k], v, `${path}.${k}`)
    return
  }
  expect(got, path).toEqual(want)
}

describe.each(ENGINE_KINDS)('weighted analyses on %s', (kind) => {
  let plain: Engine
  let weighted: Engine
  beforeAll(async () => {
    plain = (await createEngine(kind)).engine
    weighted = (await createEngine(kind)).engine
    await loadInteractions(plain, EXPANDED)
    await loadInteractions(weighted, WEIGHTED, ['sample_rate'])
  })
  afterAll(async () => {
    await plain.close()
    await weighted.close()
  })

  const ctxs = (knobs = {}): [ReturnType<typeof fixtureContext>, ReturnType<typeof fixtureContext>] => [
    fixtureContext(plain, { knobs }),
    fixtureContext(weighted, { knobs, report: weightedReport(TOTAL) })
  ]

  it('the health snapshot of the weighted rows is the snapshot of the rows they stand for', async () => {
    const [p, w] = ctxs()
    const want = await healthSnapshot(p)
    expect(want.interactions).toBe(TOTAL)
    expectSame(await healthSnapshot(w), want)
  })

  it('so is the daily burn, with its weighted p95 per day', async () => {
    const [p, w] = ctxs()
    const want = await budgetBurnDaily(p)
    expect(want).toHaveLength(5)
    expectSame(await budgetBurnDaily(w), want)
  })

  it('and the hotspots and risk slices (support filter on the weighted count)', async () => {
    const [p, w] = ctxs({ MIN_REQUESTS_POLICY: 200, MIN_REQUESTS_SLICE: 150 })
    const hot = await modelHotspots(p)
    expect(hot.rows.length).toBeGreaterThan(0)
    expect(hot.rows.map((r) => r.model_name).sort()).toEqual(["m2", "m4"])
    expectSame(await modelHotspots(w), hot)
    const slices = await riskSlices(p)
    expect(slices.rows).toHaveLength(3)
    expectSame(await riskSlices(w), slices)
    expectSame(await riskSlices(w, ['model_name', 'use_case'], 1), await riskSlices(p, ['model_name', 'use_case'], 1))
  })

  it('and the costs, by day, per model and by dimension', async () => {
    const [p, w] = ctxs()
    expectSame(await costAnalytics(w), await costAnalytics(p))
    expectSame(await costByDimension(w, 'model_name', 2), await costByDimension(p, 'model_name', 2))
    expectSame(await costByDimension(w, 'use_case', 10), await costByDimension(p, 'use_case', 10))
    // the Costs page's economics start from these (use case, model) cells
    expectSame(await economicsCells(w), await economicsCells(p))
  })

  it('and the burning budgets with the slice driving each', async () => {
    const [p, w] = ctxs({ DAILY_COST_BUDGET_USD: 1 })
    const want = await budgetIncidents(p)
    expect(want.map((i) => i.budget).sort()).toEqual(['cost', 'fail', 'sla'])
    expectSame(await budgetIncidents(w), want)
  })

  it('respects the scope', async () => {
    const scope = { filters: { use_case: ['code'] }, from: '2025-03-02', to: '2025-03-04' }
    const p = fixtureContext(plain, { scope })
    const w = fixtureContext(weighted, { scope, report: weightedReport(TOTAL) })
    expectSame(await healthSnapshot(w), await healthSnapshot(p))
  })
})

describe.each(ENGINE_KINDS)('weights that cannot be used (%s)', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    // sample_rate 3, then a missing one and a probability-like 0.5: those two count once each
    await loadInteractions(
      engine,
      [
        { interaction_id: 'a', latency_ms: 100, cost_usd: 1, is_failure: true, sample_rate: 3 },
        { interaction_id: 'b', latency_ms: 200, cost_usd: 1, sample_rate: null },
        { interaction_id: 'c', latency_ms: 300, cost_usd: 1, sample_rate: 0.5 }
      ],
      ['sample_rate']
    )
  })
  afterAll(async () => engine.close())

  it('count with weight 1', async () => {
    const h = await healthSnapshot(fixtureContext(engine, { report: weightedReport(5, 2) }))
    expect(h.interactions).toBe(5)
    expect(h.failure_rate).toBe(3 / 5)
    expect(h.total_cost_usd).toBe(5)
    // [100 x3, 200, 300]: pos 0.95 * 4 = 3.8 between 200 and 300
    expect(h.p95_latency_ms).toBe(200 * (1 - (0.95 * 4 - 3)) + 300 * (0.95 * 4 - 3))
  })

  it('a dump whose report has no sample_rate is not weighted, even if the table had the column', async () => {
    const h = await healthSnapshot(fixtureContext(engine))
    expect(h.interactions).toBe(3)
  })
})
