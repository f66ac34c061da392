import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { budgetBurnDaily } from './burn'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'

// Worked by hand (SLA_MS 2200, FAIL_BUDGET 0.02, SLA_BUDGET 0.05, DAILY_COST_BUDGET_USD 60):
//   2025-01-01: latencies 1000, 3000; one failure; cost 0.01 + 0.03
//     fail 1/2 = 0.5 -> burn 25; sla 1/2 = 0.5 -> burn 10; p95 = 1000 + 0.95 * 2000 = 2900;
//     cost 0.04 -> burn 0.04 / 60
//   2025-01-02: latencies null, 2000; one failure; cost null + 0.02 (late evening stays on the UTC day)
//     fail 0.5 -> 25; sla 0/1 = 0 -> 0 (not over); p95 2000; cost 0.02
//   2025-01-03: latency and cost all null -> sla, cost, p95 and their burns null, not over budget
//   one row without a timestamp: in no day
const ROWS: FixtureRow[] = [
  { timestamp_utc: '2025-01-01 00:00:00', latency_ms: 1000, cost_usd: 0.01, is_failure: false, use_case: 'a' },
  { timestamp_utc: '2025-01-01 23:59:59', latency_ms: 3000, cost_usd: 0.03, is_failure: true, use_case: 'b' },
  { timestamp_utc: '2025-01-02 00:00:00', latency_ms: null, cost_usd: null, is_failure: true, use_case: 'a' },
  { timestamp_utc: '2025-01-02 23:30:00', latency_ms: 2000, cost_usd: 0.02, is_failure: false, use_case: 'a', win_role: 'evaluation' },
  { timestamp_utc: '2025-01-03 12:00:00', latency_ms: null, cost_usd: null, is_failure: false, use_case: 'a', in_history: true },
  { timestamp_utc: null, latency_ms: 500, cost_usd: 9, is_failure: true, use_case: 'a' }
]

describe.each(ENGINE_KINDS)('budgetBurnDaily on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => {
    await engine.close()
  })

  it('burns per UTC day over every timed row, windows or not', async () => {
    const days = await budgetBurnDaily(fixtureContext(engine))
    expect(days.map((d) => d.date_utc)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03'])
    const [d1, d2, d3] = days
    expect(d1).toMatchObject({ requests: 2, fail_rate: 0.5, sla_breach_rate: 0.5, fail_budget_burn: 25, sla_budget_burn: 10 })
    expect(d1.cost).toBeCloseTo(0.04, 15)
    expect(d1.cost_budget_burn).toBeCloseTo(0.04 / 60, 15)
    expect(d1.p95_latency).toBeCloseTo(2900, 9)
    expect([d1.fail_over_budget, d1.sla_over_budget, d1.cost_over_budget]).toEqual([true, true, false])
    expect(d2).toMatchObject({ requests: 2, fail_rate: 0.5, sla_breach_rate: 0, cost: 0.02, p95_latency: 2000, sla_budget_burn: 0, sla_over_budget: false })
    expect(d3).toEqual({
      date_utc: '2025-01-03',
      requests: 1,
      fail_rate: 0,
      sla_breach_rate: null,
      cost: null,
      p95_latency: null,
      fail_budget_burn: 0,
      sla_budget_burn: null,
      cost_budget_burn: null,
      fail_over_budget: false,
      sla_over_budget: false,
      cost_over_budget: false
    })
  })

  it('gives a single day, an empty list for an empty scope, and follows knob overrides', async () => {
    const one = await budgetBurnDaily(fixtureContext(engine, { scope: { from: '2025-01-02', to: '2025-01-02' } }))
    expect(one.map((d) => [d.date_utc, d.requests])).toEqual([['2025-01-02', 2]])
    expect(await budgetBurnDaily(fixtureContext(engine, { scope: { filters: { use_case: ['none'] } } }))).toEqual([])
    // what-if: a 0.01 USD daily budget puts day 1 (0.04) over budget: burn 4
    const tight = await budgetBurnDaily(fixtureContext(engine, { knobs: { DAILY_COST_BUDGET_USD: 0.01 } }))
    expect(tight[0].cost_budget_burn).toBeCloseTo(4, 12)
    expect(tight[0].cost_over_budget).toBe(true)
  })
})
