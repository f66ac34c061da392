import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { EMPTY_PRICE_TABLE, type PriceRow, type PriceTable } from '../../shared/economics'
import { createEngine, type Engine } from '../engine/engine'
import { forecastMonth } from './costs'
import {
  baselineCost,
  changeImpact,
  economics,
  economicsCells,
  forecastScenarios,
  savingsReport,
  repriceSlice,
  repricedCost,
  savingsIdeas,
  savingsInputs,
  tokenCost,
  type EconomicsCell,
  type EconomicsCells
} from './economics'
import { ENGINE_KINDS, fixtureContext, loadInteractions, type FixtureRow } from './testTable'

const ZERO = { n: 0, n_fail: 0, n_lat: 0, n_breach: 0, p95: null, n_q: 0, q_sum: 0, cost_sum: 0, n_tok: 0, p_sum: 0, c_sum: 0, cost_tok: 0, n_tok_nocost: 0, p_nocost: 0, c_nocost: 0 }
const cell = (use_case: string | null, model_name: string, v: Partial<EconomicsCell>): EconomicsCell => ({ ...ZERO, use_case, model_provider: 'p', model_name, ...v })

// The fixture rows below, grouped by hand.
//   code/a: (1000 p, 500 c, $0.002, ok, 1000 ms, q .8), (3000, 1000, $0.005, FAIL, 3000 ms, q .4)
//   code/b: (1000, 1000, $0.03, ok, 500, .9), (2000, 0, $0.02, ok, 700, .9), (no tokens, $0.05, ok, 800, no quality)
//   chat/a: (500, 500, no cost, ok, 1000, .6)
const CODE_A = cell('code', 'a', { n: 2, n_fail: 1, n_lat: 2, n_breach: 1, p95: 2900, n_q: 2, q_sum: 1.2, cost_sum: 0.007, n_tok: 2, p_sum: 4000, c_sum: 1500, cost_tok: 0.007 })
const CODE_B = cell('code', 'b', { n: 3, n_lat: 3, p95: 790, n_q: 2, q_sum: 1.8, cost_sum: 0.1, n_tok: 2, p_sum: 3000, c_sum: 1000, cost_tok: 0.05 })
const CHAT_A = cell('chat', 'a', { n: 1, n_lat: 1, p95: 1000, n_q: 1, q_sum: 0.6, n_tok: 1, p_sum: 500, c_sum: 500, n_tok_nocost: 1, p_nocost: 500, c_nocost: 500 })
const MODEL_A = cell(null, 'a', { n: 3, n_fail: 1, n_lat: 3, n_breach: 1, p95: 2800, n_q: 3, q_sum: 1.8, cost_sum: 0.007, n_tok: 3, p_sum: 4500, c_sum: 2000, cost_tok: 0.007, n_tok_nocost: 1, p_nocost: 500, c_nocost: 500 })
const MODEL_B = cell(null, 'b', { ...CODE_B, use_case: null })
const CELLS: EconomicsCells = { cells: [CODE_A, CODE_B, CHAT_A], models: [MODEL_A, MODEL_B] }

const priceRow = (model_name: string, prompt: number, completion: number, requests = 1): PriceRow => ({ model_provider: 'p', model_name, requests, usd_per_1m_prompt: prompt, usd_per_1m_completion: completion, source: 'operator', estimate: null })
// a: $1 / $2 per million; b: $10 / $20; x: a model with a price but no traffic
const PRICES: PriceRow[] = [priceRow('a', 1, 2), priceRow('b', 10, 20), priceRow('x', 0.5, 0.5, 0)]
const A = { usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }
const B = { usd_per_1m_prompt: 10, usd_per_1m_completion: 20 }

describe('re-pricing (pure)', () => {
  it('re-prices exactly tokens x prices; rows without tokens keep their cost', () => {
    expect(tokenCost(500, 500, B)).toBe((500 * 10 + 500 * 20) / 1e6)
    // chat has tokens on every row: exactly (500 * 10 + 500 * 20) / 1e6 on b
    expect(repricedCost([CHAT_A], B)).toBe((500 * 10 + 500 * 20) / 1e6)
    // code on a: (7000 * 1 + 2500 * 2) / 1e6 = 0.012, plus the $0.05 row without tokens
    expect(repricedCost([CODE_A, CODE_B], A)).toBeCloseTo(0.062, 15)
    // baseline: observed $0.107 for code; chat's row without cost at a's price (500 + 1000) / 1e6
    const prices = new Map([['["p","a"]', A], ['["p","b"]', B]])
    expect(baselineCost([CODE_A, CODE_B], prices)).toBeCloseTo(0.107, 15)
    expect(baselineCost([CHAT_A], prices)).toBe(0.0015)
  })

  it('re-prices a use case onto every priced model with its failure record there', () => {
    const s = repriceSlice(CELLS, PRICES, 'code')
    expect([s.requests, s.requests_priceable, s.prompt_tokens, s.completion_tokens, s.failures]).toEqual([5, 4, 7000, 2500, 1])
    expect(s.observed_cost).toBeCloseTo(0.107, 15)
    expect(s.cost_at_table_prices).toBeCloseTo(0.107, 15)
    // cheapest first: x (7000 + 2500) * 0.5 / 1e6 + 0.05, a 0.062, b (70000 + 50000) / 1e6 + 0.05 = 0.17
    expect(s.options.map((o) => o.model_name)).toEqual(['x', 'a', 'b'])
    const [x, a, b] = s.options
    expect(x.cost).toBeCloseTo(0.05475, 15)
    expect(a.delta).toBeCloseTo(0.062 - 0.107, 15)
    expect(b.cost).toBeCloseTo(0.17, 15)
    // a fails 1 of 2 on code; b 0 of 3; x never served code
    expect([a.fail_rate, a.support, a.current_share, a.p95_latency]).toEqual([0.5, 2, 0.4, 2900])
    expect([b.fail_rate, b.avg_quality, b.current_share]).toEqual([0, 0.9, 0.6])
    expect([x.fail_rate, x.support, x.current_share]).toEqual([null, 0, 0])
  })

  it('the whole scope: table prices re-price chat without cost, and per-model p95 is over the scope', () => {
    const s = repriceSlice(CELLS, PRICES, null)
    expect(s.requests).toBe(6)
    expect(s.baseline_cost).toBeCloseTo(0.1085, 15)
    expect(s.options.find((o) => o.model_name === 'a')!.p95_latency).toBe(2800)
    // a's failure rate weighted by the scope's requests per use case: (5 * 0.5 + 1 * 0) / 6
    expect(s.options.find((o) => o.model_name === 'a')!.fail_rate).toBeCloseTo(2.5 / 6, 15)
  })
})

describe('routing change impact (pure)', () => {
  const knobs = { ...DEFAULT_KNOBS }

  it('moves code to a: cost falls by $0.045, failures rise by 1.5, priced at $40 and $5', () => {
    const i = changeImpact(CELLS, PRICES, { use_case: 'code', target: { kind: 'model', model_provider: 'p', model_name: 'a' }, share: 1 }, knobs)!
    // moved: code/b (3 requests). cost on a: (3000 + 2000) / 1e6 + $0.05 kept = 0.055 vs 0.1
    expect(i.moved_requests).toBe(3)
    expect(i.cost_delta).toBeCloseTo(-0.045, 15)
    expect(i.cost_before).toBeCloseTo(0.1085, 15)
    expect(i.cost_after).toBeCloseTo(0.0635, 15)
    // a fails 1/2 on code: 3 * 0.5 - 0 = 1.5 more failures; breaches likewise 3 * 1/2; quality 2 * 0.6 - 1.8 = -0.6
    expect([i.failures_before, i.failures_after, i.fail_rate_before, i.fail_rate_after]).toEqual([1, 2.5, 1 / 6, 2.5 / 6])
    expect([i.moved_fail_rate_before, i.moved_fail_rate_after]).toEqual([0, 0.5])
    expect([i.sla_breach_rate_before, i.sla_breach_rate_after]).toEqual([1 / 6, 2.5 / 6])
    expect(i.avg_quality_before).toBeCloseTo(0.72, 15)
    expect(i.avg_quality_after).toBeCloseTo(0.6, 15)
    expect(i.risk_cost_delta).toBe(1.5 * 40 + 1.5 * 5)
    expect(i.net_delta).toBeCloseTo(-0.045 + 67.5, 12)
    expect(i.fail_rate_source).toBe('use_case')
    expect(i.target_fail_support).toBe(2)
    expect(i.target_p95_latency).toBe(2900)
    expect(i.target_fail_rate_ci!.low).toBeLessThan(0.5)
    expect(i.warnings).toEqual([
      'p / a served only 2 requests of code (MIN_REQUESTS_POLICY is 60): its failure rate there is uncertain',
      'p / a fails 50.0% of code requests, above the routing bar of 12.0%',
      "p / a's p95 latency on code is 2900 ms, above SLA_MS 2200 ms",
      '1 moved request has no token counts and keeps its observed cost'
    ])
  })

  it('half the traffic moves half the cost and failures', () => {
    const i = changeImpact(CELLS, PRICES, { use_case: 'code', target: { kind: 'model', model_provider: 'p', model_name: 'a' }, share: 0.5 }, knobs)!
    expect(i.moved_requests).toBe(1.5)
    expect(i.cost_delta).toBeCloseTo(-0.0225, 15)
    expect(i.failures_after).toBe(1.75)
  })

  it("falls back to the target's rate over the scope when it never served the use case", () => {
    const i = changeImpact(CELLS, PRICES, { use_case: 'chat', target: { kind: 'model', model_provider: 'p', model_name: 'b' }, share: 1 }, knobs)!
    // chat on b: 0.015 vs baseline (no cost, a's price) 0.0015
    expect(i.cost_delta).toBeCloseTo(0.0135, 15)
    expect(i.fail_rate_source).toBe('model_overall')
    expect(i.failures_after).toBe(1)
    expect(i.avg_quality_after).toBeCloseTo((3.6 + 0.3) / 5, 15)
    expect(i.target_fail_rate_ci).toBeNull()
    expect(i.warnings[0]).toBe('p / b served none of chat: its failure rate over the whole scope stands in for it')
  })

  it('a custom price or a model without traffic has an unknown failure trade-off; no price, no impact', () => {
    const custom = changeImpact(CELLS, PRICES, { use_case: null, target: { kind: 'custom', usd_per_1m_prompt: 0, usd_per_1m_completion: 0 }, share: 1 }, knobs)!
    // everything free except the $0.05 row without tokens
    expect(custom.cost_after).toBeCloseTo(0.05, 15)
    expect([custom.failures_after, custom.risk_cost_delta, custom.net_delta, custom.fail_rate_source]).toEqual([null, null, null, 'none'])
    const x = changeImpact(CELLS, PRICES, { use_case: 'code', target: { kind: 'model', model_provider: 'p', model_name: 'x' }, share: 1 }, knobs)!
    expect(x.fail_rate_source).toBe('none')
    expect(x.warnings[0]).toBe('p / x served no request in scope: its failure rate, latency and quality here are unknown')
    expect(changeImpact(CELLS, PRICES, { use_case: 'code', target: { kind: 'model', model_provider: 'p', model_name: 'unpriced' }, share: 1 }, knobs)).toBeNull()
  })
})

describe('forecast scenarios (pure)', () => {
  // 04-27 $10 / 100 requests, 04-28 $20 / 200: the cost line 10 + 10 x, requests 100 + 100 x (x = 0, 1)
  const days = [
    { date: '2025-04-27', cost: 10, requests: 100 },
    { date: '2025-04-28', cost: 20, requests: 200 }
  ]
  const f = forecastMonth(days, 5)!

  it('scales the rest of the month and continues the line through the next one', () => {
    const s = forecastScenarios(f, days, 5, [1, 2], 0.1, null)
    expect(s.map((x) => [x.volume, x.with_change])).toEqual([
      [1, false],
      [2, false]
    ])
    // month end: MTD 30 + 30 + 40; next month (May, 31 days) x = 3 + d: sum(40 + 10 d) = 1240 + 4960
    expect([s[0].month_end_cost, s[0].next_month, s[0].next_month_cost, s[0].next_month_budget]).toEqual([100, '2025-05', 6200, 155])
    // requests: sum(400 + 100 d) = 12400 + 49600; failures at 10%
    expect([s[0].next_month_requests, s[0].expected_failures_next_month]).toEqual([62000, 6200])
    expect([s[1].month_end_cost, s[1].next_month_cost, s[1].expected_failures_next_month]).toEqual([170, 12400, 12400])
  })

  it('applies a routing change as its cost ratio and failure rate', () => {
    const impact = { cost_before: 2, cost_after: 1, fail_rate_after: 0.2 } as never
    const s = forecastScenarios(f, days, 5, [2], 0.1, impact)
    const changed = s.find((x) => x.with_change)!
    expect([changed.month_end_cost, changed.next_month_cost, changed.expected_fail_rate]).toEqual([30 + 70, 6200, 0.2])
    expect(forecastScenarios(null, [], 5, [1], 0.1, null)).toEqual([])
  })
})

describe('savings ideas (pure)', () => {
  // code: a $1/$2 fails 1 of 2; b $10/$20 never fails (p95 790); c $0.1/$0.1 never fails, 3 requests (p95 650)
  const CODE_C = cell('code', 'c', { n: 3, n_lat: 3, p95: 650, cost_sum: 0.0006, n_tok: 3, p_sum: 3000, c_sum: 3000, cost_tok: 0.0006 })
  const cells: EconomicsCells = { cells: [CODE_A, CODE_B, CODE_C, CHAT_A], models: [] }
  const prices = [...PRICES, priceRow('c', 0.1, 0.1)]
  const knobs = { ...DEFAULT_KNOBS, MIN_REQUESTS_POLICY: 3 }

  it('ranks a cheaper model that meets the bar, prompt trims and repeated requests by saving', () => {
    const trims = [{ use_case: 'code', model_provider: 'p', model_name: 'a', cap: 2250, n_uc: 4, n_over: 1, excess: 750 }]
    const repeats = [{ use_case: 'code', n_text: 3, n_repeat: 1, cost_repeat: 0.03 }]
    const ideas = savingsIdeas(cells, prices, trims, repeats, knobs, 10)
    expect(ideas.map((i) => [i.kind, i.title])).toEqual([
      ['cheaper_model', 'Route code to p / c'],
      ['response_cache', 'Cache repeated code requests'],
      ['prompt_trim', 'Trim code prompts to 2250 tokens']
    ])
    // move code/a and code/b to c: baseline 0.107; on c (7000 + 2500) * 0.1 / 1e6 + $0.05 kept = 0.05095
    const c = ideas[0]
    expect(c.savings).toBeCloseTo(0.107 - 0.05095, 15)
    expect(c.savings_per_30d).toBeCloseTo(((0.107 - 0.05095) / 10) * 30, 15)
    expect(c.requests_affected).toBe(5)
    // failures on code: 1 of 8 now; 5 moved at c's 0% -> 0 of 8
    expect(c.fail_rate_delta).toBeCloseTo(-1 / 8, 15)
    expect(c.change).toEqual({ use_case: 'code', target: { kind: 'model', model_provider: 'p', model_name: 'c' }, share: 1 })
    // b meets the bar too but is dearer than what it replaces: c wins; a fails 50% (> 12%): not a candidate
    expect(ideas[2].savings).toBe((750 * 1) / 1e6)
    expect(ideas[1].savings).toBe(0.03)
  })

  it('offers nothing where no candidate has enough requests, and no 30-day figure without a period', () => {
    const ideas = savingsIdeas(cells, prices, [], [], { ...knobs, MIN_REQUESTS_POLICY: 4 }, null)
    expect(ideas).toEqual([])
  })
})

// The same rows as the hand-built cells above, with request texts for the repeat idea.
const ROWS: FixtureRow[] = [
  { interaction_id: 'a1', timestamp_utc: '2025-03-01 01:00:00', use_case: 'code', model_provider: 'p', model_name: 'a', prompt_tokens: 1000, completion_tokens: 500, cost_usd: 0.002, latency_ms: 1000, response_quality_score: 0.8, request_text: 'Fix bug' },
  { interaction_id: 'a2', timestamp_utc: '2025-03-01 00:30:00', use_case: 'code', model_provider: 'p', model_name: 'a', prompt_tokens: 3000, completion_tokens: 1000, cost_usd: 0.005, is_failure: true, latency_ms: 3000, response_quality_score: 0.4, request_text: 'other' },
  { interaction_id: 'b1', timestamp_utc: '2025-03-02 01:00:00', use_case: 'code', model_provider: 'p', model_name: 'b', prompt_tokens: 1000, completion_tokens: 1000, cost_usd: 0.03, latency_ms: 500, response_quality_score: 0.9, request_text: ' fix BUG ' },
  { interaction_id: 'b2', timestamp_utc: '2025-03-02 02:00:00', use_case: 'code', model_provider: 'p', model_name: 'b', prompt_tokens: 2000, completion_tokens: 0, cost_usd: 0.02, latency_ms: 700, response_quality_score: 0.9, request_text: 'OTHER' },
  { interaction_id: 'b3', timestamp_utc: '2025-03-03 01:00:00', use_case: 'code', model_provider: 'p', model_name: 'b', cost_usd: 0.05, latency_ms: 800 },
  { interaction_id: 'c1', timestamp_utc: '2025-03-03 02:00:00', use_case: 'chat', model_provider: 'p', model_name: 'a', prompt_tokens: 500, completion_tokens: 500, latency_ms: 1000, response_quality_score: 0.6 }
]

describe.each(ENGINE_KINDS)('economics SQL on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => engine.close())

  it('groups the scope into the hand-built cells', async () => {
    const got = await economicsCells(fixtureContext(engine))
    const strip = (c: EconomicsCell): EconomicsCell => ({ ...c, cost_sum: Number(c.cost_sum.toFixed(12)), cost_tok: Number(c.cost_tok.toFixed(12)), q_sum: Number(c.q_sum.toFixed(12)), p95: c.p95 === null ? null : Number(c.p95.toFixed(9)) })
    // ordered by use case, then most requests first
    expect(got.cells.map(strip)).toEqual([CHAT_A, CODE_B, CODE_A].map(strip))
    expect(got.models.map(strip)).toEqual([MODEL_A, MODEL_B].map(strip))
  })

  it('finds the prompts above the 75th percentile and the repeated request texts', async () => {
    const { trims, repeats } = await savingsInputs(fixtureContext(engine))
    // code prompts 1000, 3000, 1000, 2000 -> p75 at h = 2.25: 2000 + 0.25 * 1000 = 2250; only 3000 is above
    expect(trims).toEqual([{ use_case: 'code', model_provider: 'p', model_name: 'a', cap: 2250, n_uc: 4, n_over: 1, excess: 750 }])
    // " fix BUG " repeats "Fix bug" 24 h later: a cache hit ($0.03); "OTHER" repeats "other" 25.5 h later: expired
    expect(repeats).toEqual([{ use_case: 'code', n_text: 4, n_repeat: 1, cost_repeat: 0.03 }])
  })

  it('puts it together under the price table, with the scope period and the notes', async () => {
    const table: PriceTable = { ...EMPTY_PRICE_TABLE, entries: [{ model_provider: 'p', model_name: 'a', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }, { model_provider: 'p', model_name: 'b', usd_per_1m_prompt: 10, usd_per_1m_completion: 20 }] }
    const e = await economics(fixtureContext(engine), table, { useCase: 'code', change: { use_case: 'code', target: { kind: 'model', model_provider: 'p', model_name: 'a' }, share: 1 }, volume: 2 })
    expect(e.period).toEqual({ first_day: '2025-03-01', last_day: '2025-03-03', days: 3 })
    expect(e.slice.use_case).toBe('code')
    expect(e.scope.requests).toBe(6)
    expect(e.impact!.cost_delta).toBeCloseTo(-0.045, 12)
    expect(e.prices.map((p) => [p.model_name, p.source])).toEqual([
      ['a', 'operator'],
      ['b', 'operator']
    ])
    // the ladder plus nothing new (2 is on it), without and with the change
    expect(e.scenarios.filter((s) => !s.with_change).map((s) => s.volume)).toEqual([0.5, 1, 1.5, 2, 3, 4, 5])
    expect(e.scenarios.filter((s) => s.with_change)).toHaveLength(7)
    expect(e.notes.at(-1)).toBe('1 requests have no token counts: they cannot be re-priced and keep their observed cost.')
  })

  it('ranks the savings ideas of the scope on its own request', async () => {
    const table: PriceTable = { ...EMPTY_PRICE_TABLE, entries: [{ model_provider: 'p', model_name: 'a', usd_per_1m_prompt: 1, usd_per_1m_completion: 2 }, { model_provider: 'p', model_name: 'b', usd_per_1m_prompt: 10, usd_per_1m_completion: 20 }] }
    const r = await savingsReport(fixtureContext(engine), table)
    expect(r.period?.days).toBe(3)
    // the cache hit ($0.03) and the trim at a's prompt price ($0.00075); no model meets the bar with 60 requests
    expect(r.ideas.map((i) => [i.kind, i.savings])).toEqual([
      ['response_cache', 0.03],
      ['prompt_trim', 0.00075]
    ])
    expect(r.ideas[0].savings_per_30d).toBeCloseTo(0.3, 12)
  })
})
