import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../engine/engine'
import { costAnalytics, costByDimension, forecastMonth, linearTrend, markPareto } from './costs'
import { budgetIncidents, currentRun } from './incidents'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'
import type { BurnDay } from '../../shared/analysis'

describe('cost helpers (pure)', () => {
  it('fits a least-squares line', () => {
    // y = 1, 3, 5 -> slope 2, intercept 1
    expect(linearTrend([1, 3, 5])).toEqual({ slope: 2, intercept: 1 })
    expect(linearTrend([4])).toEqual({ slope: 0, intercept: 4 })
    expect(linearTrend([])).toEqual({ slope: 0, intercept: 0 })
  })

  it('forecasts the month end from the trend, days without rows counting 0', () => {
    // April has 30 days; data: 04-27 cost 10, 04-28 cost 20 (trend over 2 days: slope 10, intercept 10)
    // remaining days 04-29 (x=2 -> 30) and 04-30 (x=3 -> 40); MTD 30 -> forecast 100; budget 5 * 30 = 150
    const f = forecastMonth([{ date: '2025-04-27', cost: 10 }, { date: '2025-04-28', cost: 20 }], 5)!
    expect(f.month).toBe('2025-04')
    expect(f.days_in_month).toBe(30)
    expect(f.projected).toEqual([{ date: '2025-04-29', cost: 30 }, { date: '2025-04-30', cost: 40 }])
    expect(f.forecast_month_cost).toBe(100)
    expect(f.month_budget).toBe(150)
    expect(f.forecast_over_budget).toBe(false)
    // a falling trend never projects below zero; the last day of a month projects nothing
    const down = forecastMonth([{ date: '2025-02-26', cost: 30 }, { date: '2025-02-27', cost: 0 }], 1)!
    expect(down.projected).toEqual([{ date: '2025-02-28', cost: 0 }])
    expect(forecastMonth([{ date: '2025-01-31', cost: 3 }], 1)!.projected).toEqual([])
    expect(forecastMonth([], 1)).toBeNull()
  })

  it('marks the Pareto frontier of cost vs quality, and of cost, failure rate, p95 and quality', () => {
    const base = { model_provider: 'p', requests: 1, cost_per_1k_tokens: null, failures: 0, fail_rate: 0.1, p95_latency: 1000, sla_breach_rate: 0, total_cost: 1, cost_per_success: 1, cost_per_quality_point: 1 }
    const out = markPareto([
      { ...base, model_name: 'cheap-ok', avg_cost: 1, avg_quality: 0.5 },
      { ...base, model_name: 'dear-good', avg_cost: 3, avg_quality: 0.9 },
      // dominated on cost and quality, but the only model failing less: on the four-way frontier
      { ...base, model_name: 'dominated', avg_cost: 2, avg_quality: 0.4, fail_rate: 0.05 },
      { ...base, model_name: 'tie-copy', avg_cost: 1, avg_quality: 0.5 },
      { ...base, model_name: 'no-quality', avg_cost: 0.5, avg_quality: null },
      // worse than cheap-ok on all four
      { ...base, model_name: 'slow', avg_cost: 1, avg_quality: 0.5, p95_latency: 2000 },
      { ...base, model_name: 'no-latency', avg_cost: 0.9, avg_quality: 0.6, p95_latency: null }
    ])
    expect(out.map((m) => [m.model_name, m.pareto, m.pareto_all])).toEqual([
      ['cheap-ok', false, true],
      ['dear-good', true, true],
      ['dominated', false, true],
      ['tie-copy', false, true],
      ['no-quality', false, false],
      ['slow', false, false],
      ['no-latency', true, false]
    ])
  })

  it('finds the run of days over budget that ends on the last day', () => {
    const day = (date: string, fail: number | null): BurnDay => ({ date_utc: date, fail_budget_burn: fail, sla_budget_burn: 0.5, cost_budget_burn: null }) as unknown as BurnDay
    expect(currentRun([day('2025-01-01', 2), day('2025-01-02', 0.5), day('2025-01-03', 1.5), day('2025-01-04', 3)], 'fail')).toEqual({ since: '2025-01-03', days: 2, lastBurn: 3 })
    // a missing calendar day breaks the run
    expect(currentRun([day('2025-01-01', 2), day('2025-01-03', 2)], 'fail')).toEqual({ since: '2025-01-03', days: 1, lastBurn: 2 })
    expect(currentRun([day('2025-01-01', 2), day('2025-01-02', 1)], 'fail')).toBeNull()
    expect(currentRun([day('2025-01-01', 2)], 'cost')).toBeNull()
  })
})

// Two days; FAIL_BUDGET 0.02, SLA 2200, SLA_BUDGET 0.05, daily cost budget 60.
//   2025-03-01: a/m1 x2 (1 failure, latency 1000/3000, cost 1 + 2), b/m2 x1 (ok, 1000, cost 4)
//   2025-03-02: a/m1 x2 (2 failures, 1000/1000, cost 1 + 1), b/m2 x2 (0 failures, 3000/3000, cost 2 + 2)
// fail burn: day1 1/3 / 0.02 = 16.7 > 1; day2 2/4 / 0.02 = 25 > 1 -> run since 03-01, 2 days
//   excess over the run: a/m1 = 3 - 0.02*4 = 2.92; b/m2 = 0 - 0.02*3 = -0.06 -> top a/m1, share 1
// sla burn: day1 1/3 / 0.05 > 1; day2 2/4 / 0.05 > 1 -> since 03-01
//   breaches minus budget: a/m1 = 1 - 0.05*4 = 0.8; b/m2 = 2 - 0.05*3 = 1.85 -> top b/m2, 1.85 / 2.65
// cost: 7 and 6 per day vs 60 -> no incident
const ROWS: FixtureRow[] = [
  { timestamp_utc: '2025-03-01 01:00:00', use_case: 'a', model_name: 'm1', model_provider: 'p', is_failure: true, latency_ms: 1000, cost_usd: 1, total_tokens: 1000, response_quality_score: 0.5 },
  { timestamp_utc: '2025-03-01 02:00:00', use_case: 'a', model_name: 'm1', model_provider: 'p', is_failure: false, latency_ms: 3000, cost_usd: 2, total_tokens: 1000, response_quality_score: 0.7 },
  { timestamp_utc: '2025-03-01 03:00:00', use_case: 'b', model_name: 'm2', model_provider: 'q', is_failure: false, latency_ms: 1000, cost_usd: 4, total_tokens: 2000, response_quality_score: 0.9 },
  { timestamp_utc: '2025-03-02 01:00:00', use_case: 'a', model_name: 'm1', model_provider: 'p', is_failure: true, latency_ms: 1000, cost_usd: 1, total_tokens: 1000, response_quality_score: 0.5 },
  { timestamp_utc: '2025-03-02 02:00:00', use_case: 'a', model_name: 'm1', model_provider: 'p', is_failure: true, latency_ms: 1000, cost_usd: 1, total_tokens: 1000, response_quality_score: 0.3 },
  { timestamp_utc: '2025-03-02 03:00:00', use_case: 'b', model_name: 'm2', model_provider: 'q', is_failure: false, latency_ms: 3000, cost_usd: 2, total_tokens: 1000, response_quality_score: 0.9 },
  { timestamp_utc: '2025-03-02 04:00:00', use_case: 'b', model_name: 'm2', model_provider: 'q', is_failure: false, latency_ms: 3000, cost_usd: 2, total_tokens: null, response_quality_score: 0.9 }
]

describe.each(ENGINE_KINDS)('cost analytics and incidents on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => engine.close())

  it('totals cost per day and per model, with cost per 1k tokens and quality', async () => {
    const c = await costAnalytics(fixtureContext(engine))
    expect(c.total_cost).toBe(13)
    expect(c.by_day).toEqual([
      { date: '2025-03-01', cost: 7, requests: 3, budget: 60 },
      { date: '2025-03-02', cost: 6, requests: 4, budget: 60 }
    ])
    const m1 = c.models.find((m) => m.model_name === 'm1')!
    // m1: cost 5 over 4 rows -> 1.25; tokens 4000 -> 1000 * 5 / 4000 = 1.25; quality (0.5+0.7+0.5+0.3)/4 = 0.5
    expect(m1.avg_cost).toBe(1.25)
    expect(m1.cost_per_1k_tokens).toBe(1.25)
    expect(m1.avg_quality).toBeCloseTo(0.5, 12)
    // m2: rows with both cost and tokens: cost 4 + 2 = 6 over 3000 tokens -> 2; avg cost 8/3; quality 0.9
    const m2 = c.models.find((m) => m.model_name === 'm2')!
    expect(m2.cost_per_1k_tokens).toBe(2)
    expect(m2.avg_cost).toBeCloseTo(8 / 3, 12)
    expect(m1.pareto && m2.pareto).toBe(true)
    // m1: 3 of 4 failed; latencies 1000 x3, 3000 -> p95 at h = 2.85: 1000 + 0.85 * 2000 = 2700; 1 of 4 above 2200
    // cost 5 over 1 success; quality points 0.5 + 0.7 + 0.5 + 0.3 = 2 -> 2.5 per point
    expect([m1.failures, m1.fail_rate, m1.sla_breach_rate, m1.total_cost, m1.cost_per_success]).toEqual([3, 0.75, 0.25, 5, 5])
    expect(m1.p95_latency).toBeCloseTo(2700, 9)
    expect(m1.cost_per_quality_point).toBeCloseTo(2.5, 12)
    // m2: no failure; latencies 1000, 3000, 3000 -> p95 3000; 2 of 3 above; cost 8 over 3 successes, over 2.7 quality points
    expect([m2.fail_rate, m2.p95_latency, m2.sla_breach_rate]).toEqual([0, 3000, 2 / 3])
    expect(m2.cost_per_success).toBeCloseTo(8 / 3, 12)
    expect(m2.cost_per_quality_point).toBeCloseTo(8 / 2.7, 12)
    // neither dominates the other on all four
    expect(m1.pareto_all && m2.pareto_all).toBe(true)
    expect(c.forecast?.month).toBe('2025-03')
  })

  it('ranks cost by a dimension and folds the tail into (other)', async () => {
    const r = await costByDimension(fixtureContext(engine), 'use_case', 1)
    expect(r.rows).toEqual([
      { key: 'b', other: false, requests: 3, cost: 8, avg_cost: 8 / 3, share: 8 / 13 },
      { key: '(other)', other: true, requests: 4, cost: 5, avg_cost: 1.25, share: 5 / 13 }
    ])
  })

  it('lists burning budgets since when, with the slice driving each', async () => {
    const incidents = await budgetIncidents(fixtureContext(engine))
    expect(incidents.map((i) => [i.budget, i.since, i.days])).toEqual([
      ['fail', '2025-03-01', 2],
      ['sla', '2025-03-01', 2]
    ])
    expect(incidents[0].top_slice).toMatchObject({ use_case: 'a', model_name: 'm1', requests: 4, rate_or_cost: 0.75, excess_share: 1 })
    expect(incidents[1].top_slice?.model_name).toBe('m2')
    expect(incidents[1].top_slice?.excess_share).toBeCloseTo(1.85 / 2.65, 12)
  })

  it('sums each budget over its own run when the runs begin on different days', async () => {
    // SLA_BUDGET 0.4: day 1 breaches 1 / 3 -> burn 0.83, day 2 2 / 4 -> 1.25: the sla run is 03-02 alone
    //   over it: a/m1 0 breaches - 0.4 * 2 = -0.8; b/m2 2 - 0.4 * 2 = 1.2 -> top b/m2, 2 requests, rate 1, share 1
    // the fail run still begins on 03-01: a/m1 over its 4 requests, as above
    const incidents = await budgetIncidents(fixtureContext(engine, { knobs: { SLA_BUDGET: 0.4 } }))
    expect(incidents.map((i) => [i.budget, i.since, i.days])).toEqual([
      ['fail', '2025-03-01', 2],
      ['sla', '2025-03-02', 1]
    ])
    expect(incidents[0].top_slice).toMatchObject({ use_case: 'a', model_name: 'm1', requests: 4, rate_or_cost: 0.75, excess_share: 1 })
    expect(incidents[1].top_slice).toEqual({ use_case: 'b', model_name: 'm2', requests: 2, rate_or_cost: 1, excess_share: 1 })
  })

  it('reports a burning cost budget with the slice that spent most', async () => {
    // DAILY_COST_BUDGET_USD 5: day costs 7 and 6 -> burn 1.4 and 1.2, run since 03-01;
    // spend over the run: a/m1 = 5, b/m2 = 8 -> top b/m2 with 8 / 13 of the spend
    const incidents = await budgetIncidents(fixtureContext(engine, { knobs: { DAILY_COST_BUDGET_USD: 5 } }))
    const cost = incidents.find((i) => i.budget === 'cost')!
    expect([cost.since, cost.days]).toEqual(['2025-03-01', 2])
    expect(cost.last_burn).toBeCloseTo(1.2, 12)
    expect(cost.top_slice).toMatchObject({ use_case: 'b', model_name: 'm2', requests: 3, rate_or_cost: 8 })
    expect(cost.top_slice?.excess_share).toBeCloseTo(8 / 13, 12)
  })
})
