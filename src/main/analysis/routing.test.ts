import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROUTING_BACKTEST_NOTE } from '../../shared/analysis'
import { DEFAULT_KNOBS } from '../../shared/knobs'
import { createEngine, type Engine } from '../engine/engine'
import { expectedUnitCost, routing, routingTiers, routingVerdict } from './routing'
import { ENGINE_KINDS, fixtureContext, fixtureReport, loadInteractions, type FixtureRow } from './testTable'

// Knobs: defaults with MIN_REQUESTS_POLICY 2. MAX = min(0.2, max(6 * 0.02, 0.02)) = 0.12.
// Tiers: strict p95 <= 2200, fail <= 0.12; relax_1 <= 2530, <= 0.16999999999999998;
//        relax_2 <= 2860, <= 0.22; fallback_unconstrained.
// unit cost = avg_cost + clip01(fail) * 40 + clip01(sla) * 5.
const H = { in_history: true, win_role: 'fit' }
const E = { in_history: false, win_role: 'evaluation' }
const hist = (n: number, use_case: string | null, model_provider: string | null, model_name: string | null, latency_ms: number | null, cost_usd: number | null, failures = 0): FixtureRow[] =>
  Array.from({ length: n }, (_, i) => ({ ...H, use_case, model_provider, model_name, latency_ms, cost_usd, is_failure: i < failures }))
const evalRows = (n: number, use_case: string | null, model_provider: string | null, model_name: string | null, latency_ms: number | null, cost_usd: number | null, failures = 0): FixtureRow[] =>
  Array.from({ length: n }, (_, i) => ({ ...E, use_case, model_provider, model_name, latency_ms, cost_usd, is_failure: i < failures }))

const ROWS: FixtureRow[] = [
  // chat: gpt unit 0.5 and claude unit 0.25 are strict; llama (p95 3000) is cheapest (0.01 + 5) only
  // unconstrained, so claude wins in strict. A null model_name row is no candidate, however cheap.
  ...hist(4, 'chat', 'openai', 'gpt', 1000, 0.5),
  ...hist(4, 'chat', 'anthropic', 'claude', 1000, 0.25),
  ...hist(4, 'chat', 'local', 'llama', 3000, 0.01),
  ...hist(4, 'chat', 'x', null, 1000, 0.0),
  // code: an exact tie (unit 0.5, p95 2000, 4 requests) -> model name: claude before gpt
  ...hist(4, 'code', 'openai', 'gpt', 2000, 0.5),
  ...hist(4, 'code', 'anthropic', 'claude', 2000, 0.5),
  // more: same unit and p95 -> more requests wins (zeta, 5, over alpha, 4)
  ...hist(4, 'more', 'p', 'alpha', 1000, 0.5),
  ...hist(5, 'more', 'p', 'zeta', 1000, 0.5),
  // p95: same unit cost (no breach) -> lower p95 wins (b-fast 1000 over a-slow 1500)
  ...hist(4, 'p95', 'p', 'a-slow', 1500, 0.5),
  ...hist(4, 'p95', 'p', 'b-fast', 1000, 0.5),
  // relax: m1 p95 2400 (relax_1), unit 0.5 + 1 * 5 = 5.5; m2 p95 3000 unit 0.01 + 5 = 5.01 but only unconstrained
  ...hist(4, 'relax', 'p', 'm1', 2400, 0.5),
  ...hist(4, 'relax', 'p', 'm2', 3000, 0.01),
  // failing: 1 failure in 4 = 0.25 > 0.22 -> fallback_unconstrained, unit 0.5 + 0.25 * 40 = 10.5
  ...hist(4, 'failing', 'p', 'm1', 1000, 0.5, 1),
  // np: a null provider is kept (only use_case / model_name disqualify)
  ...hist(4, 'np', null, 'solo', 1000, 0.5),
  // few: one request -> no candidate; a null use_case -> never a candidate, not listed
  ...hist(1, 'few', 'p', 'm1', 1000, 0.5),
  ...hist(4, null, 'openai', 'gpt', 1000, 0.01),

  // Evaluation window.
  // chat: baseline gpt 2 rows (3000 ms, 1 failure, cost 1) + claude 2 rows (1000 ms, cost 0.25):
  //   n 4, fail 0.25, avg cost 0.625, sla 0.5 -> unit 0.625 + 10 + 2.5 = 13.125
  //   policy = claude there: fail 0, cost 0.25, sla 0 -> unit 0.25
  ...evalRows(2, 'chat', 'openai', 'gpt', 3000, 1.0, 1),
  ...evalRows(2, 'chat', 'anthropic', 'claude', 1000, 0.25),
  // code: only gpt observed, claude (chosen) not -> policy = baseline = 0.5 (covered, not observed)
  ...evalRows(2, 'code', 'openai', 'gpt', 1000, 0.5),
  // newuc: no policy row; fail 0.5, no cost, no latency -> unit 0 + 20 + 0 = 20 on both sides
  ...evalRows(2, 'newuc', 'p', 'm9', null, null, 1),
  // relax: chosen m1 has no cost here -> avg cost falls back to the baseline's (1.0, from m2 only);
  //   baseline n 4, fail 0, cost 1.0, sla 2/4 -> unit 1 + 2.5 = 3.5; policy fail 0, cost 1.0, sla 0 -> 1.0
  ...evalRows(2, 'relax', 'p', 'm1', 2000, null),
  ...evalRows(2, 'relax', 'p', 'm2', 3000, 1.0),
  // a null use_case: not routable, counted apart
  ...evalRows(1, null, 'openai', 'gpt', 1000, 1.0)
]
// Summary over chat (4), code (2), newuc (2), relax (4): 12 requests, 4 use cases, 3 covered, 2 observed.
//   baseline fail (4 * 0.25 + 2 * 0.5) / 12 = 1/6; policy fail (2 * 0.5) / 12 = 1/12
//   baseline total 4 * 13.125 + 2 * 0.5 + 2 * 20 + 4 * 3.5 = 107.5 -> unit 107.5 / 12
//   policy total   4 * 0.25   + 2 * 0.5 + 2 * 20 + 4 * 1.0 = 46    -> unit 46 / 12
//   both lower -> candidate_improves / shadow_then_canary

const KNOBS = { MIN_REQUESTS_POLICY: 2 }

describe('routing helpers', () => {
  it('computes tier bounds in float64 as written', () => {
    const t = routingTiers({ ...DEFAULT_KNOBS })
    expect(t.map((x) => [x.mode, x.max_p95_latency, x.max_fail_rate])).toEqual([
      ['strict', 2200, 0.12],
      ['relax_1', 2530, 0.16999999999999998],
      ['relax_2', 2860, 0.22],
      ['fallback_unconstrained', null, null]
    ])
  })
  it('clips rates and treats a null breach rate as 0', () => {
    const k = { FAILURE_EVENT_COST_USD: 40, SLA_BREACH_PENALTY_USD: 5 }
    expect(expectedUnitCost(0.5, 1.5, null, k)).toBe(40.5)
    expect(expectedUnitCost(0.5, -1, 0.2, k)).toBe(1.5)
  })
  it('gives the verdicts', () => {
    expect(routingVerdict(2, 2, 0.1, 0.1).status).toBe('candidate_improves')
    expect(routingVerdict(2, 1, 0.1, 0.2)).toEqual({ status: 'candidate_mixed', recommendation: 'review_tradeoff' })
    expect(routingVerdict(2, 3, 0.1, 0.2)).toEqual({ status: 'candidate_failed_backtest', recommendation: 'do_not_roll_out_keep_baseline' })
  })
})

describe.each(ENGINE_KINDS)('routing on %s', (kind) => {
  let engine: Engine
  beforeAll(async () => {
    engine = (await createEngine(kind)).engine
    await loadInteractions(engine, ROWS)
  })
  afterAll(async () => {
    await engine.close()
  })

  it('picks per use case in the first tier that has a candidate, with the tie-breaks', async () => {
    const { policy } = await routing(fixtureContext(engine, { knobs: KNOBS }))
    expect(policy.rows.map((r) => [r.use_case, r.model_provider, r.model_name, r.policy_mode])).toEqual([
      ['chat', 'anthropic', 'claude', 'strict'],
      ['code', 'anthropic', 'claude', 'strict'],
      ['failing', 'p', 'm1', 'fallback_unconstrained'],
      ['more', 'p', 'zeta', 'strict'],
      ['np', null, 'solo', 'strict'],
      ['p95', 'p', 'b-fast', 'strict'],
      ['relax', 'p', 'm1', 'relax_1']
    ])
    const relax = policy.rows.find((r) => r.use_case === 'relax')!
    expect(relax).toMatchObject({ requests: 4, fail_rate: 0, p95_latency: 2400, sla_breach_rate: 1, avg_cost: 0.5, expected_unit_cost: 5.5 })
    expect(policy.rows.find((r) => r.use_case === 'failing')!.expected_unit_cost).toBe(10.5)
    expect(policy.use_cases_without_candidate).toEqual(['few'])
    expect(policy.routing_max_fail_rate).toBe(0.12)
    const llama = policy.candidates.find((c) => c.model_name === 'llama')!
    expect(llama).toMatchObject({ best_tier: 'fallback_unconstrained', chosen: false, expected_unit_cost: 5.01 })
    expect(policy.candidates.filter((c) => c.chosen)).toHaveLength(7)
    expect(policy.candidates.some((c) => c.model_name === null || c.use_case === null)).toBe(false)
  })

  it('backtests on the evaluation window with per-metric fallback', async () => {
    const { backtest } = await routing(fixtureContext(engine, { knobs: KNOBS }))
    const s = backtest.summary
    expect(s).toMatchObject({
      evaluation_window: "split == 'test'",
      requests: 12,
      use_cases_total: 4,
      use_cases_covered: 3,
      use_cases_with_chosen_model_observed: 2,
      routing_status: 'candidate_improves',
      routing_recommendation: 'shadow_then_canary',
      routing_max_fail_rate: 0.12,
      failure_business_cost: 40,
      sla_breach_penalty_usd: 5,
      note: ROUTING_BACKTEST_NOTE
    })
    expect(s.baseline_expected_fail_rate).toBeCloseTo(1 / 6, 15)
    expect(s.policy_expected_fail_rate).toBeCloseTo(1 / 12, 15)
    expect(s.fail_rate_delta_vs_baseline).toBeCloseTo(-1 / 12, 15)
    expect(s.baseline_total_expected_cost).toBeCloseTo(107.5, 12)
    expect(s.policy_total_expected_cost).toBeCloseTo(46, 12)
    expect(s.total_expected_cost_delta_vs_baseline).toBeCloseTo(-61.5, 12)
    expect(s.baseline_expected_unit_cost).toBeCloseTo(107.5 / 12, 12)
    expect(s.policy_expected_unit_cost).toBeCloseTo(46 / 12, 12)
    expect(s.unit_cost_delta_vs_baseline).toBeCloseTo(-61.5 / 12, 12)
    expect(backtest.requests_without_use_case).toBe(1)
    expect(backtest.use_cases.map((u) => u.use_case)).toEqual(['chat', 'code', 'newuc', 'relax'])
    const relax = backtest.use_cases.find((u) => u.use_case === 'relax')!
    expect(relax).toMatchObject({ chosen_model_name: 'm1', chosen_model_requests: 2, policy_avg_cost: 1, policy_sla_breach_rate: 0, policy_expected_unit_cost: 1 })
    expect(relax.baseline_expected_unit_cost).toBeCloseTo(3.5, 12)
    const code = backtest.use_cases.find((u) => u.use_case === 'code')!
    expect(code).toMatchObject({ chosen_model_name: 'claude', chosen_model_requests: 0, policy_expected_unit_cost: 0.5, baseline_expected_unit_cost: 0.5 })
    const newuc = backtest.use_cases.find((u) => u.use_case === 'newuc')!
    expect(newuc).toMatchObject({ chosen_model_name: null, baseline_expected_unit_cost: 20, policy_expected_unit_cost: 20 })
  })

  it('reports an empty evaluation window without NaN', async () => {
    const { policy, backtest } = await routing(fixtureContext(engine, { knobs: KNOBS, scope: { filters: { use_case: ['few', 'more'] } } }))
    expect(policy.rows.map((r) => r.use_case)).toEqual(['more'])
    expect(backtest.summary).toMatchObject({
      requests: 0,
      use_cases_total: 0,
      use_cases_covered: 0,
      baseline_expected_fail_rate: null,
      policy_expected_unit_cost: null,
      baseline_total_expected_cost: 0,
      total_expected_cost_delta_vs_baseline: 0,
      routing_status: 'no_evaluation_data',
      routing_recommendation: 'keep_baseline_collect_evaluation_data'
    })
  })

  it('says so when no use case has a candidate', async () => {
    const { policy, backtest } = await routing(fixtureContext(engine, { knobs: { MIN_REQUESTS_POLICY: 1000 } }))
    expect(policy.rows).toEqual([])
    expect(policy.use_cases_without_candidate).toEqual(['chat', 'code', 'failing', 'few', 'more', 'np', 'p95', 'relax'])
    expect(backtest.summary.routing_status).toBe('no_routing_policy')
    expect(backtest.summary.policy_total_expected_cost).toBe(backtest.summary.baseline_total_expected_cost)
  })

  it('follows what-if knobs', async () => {
    // With no SLA penalty, relax/m2 (unit 0.01) is still only unconstrained, m1 (0.5) still wins relax_1;
    // with SLA_MS 3000 both are strict and the cheaper m2 wins.
    const { policy, backtest } = await routing(fixtureContext(engine, { knobs: { ...KNOBS, SLA_MS: 3000, SLA_BREACH_PENALTY_USD: 0, FAILURE_EVENT_COST_USD: 10 } }))
    const relax = policy.rows.find((r) => r.use_case === 'relax')!
    expect([relax.model_name, relax.policy_mode, relax.expected_unit_cost]).toEqual(['m2', 'strict', 0.01])
    expect(backtest.summary).toMatchObject({ failure_business_cost: 10, sla_breach_penalty_usd: 0 })
  })

  it('marks the backtest blocked by a failed gate unless overridden', async () => {
    const report = fixtureReport(['primary_key_unique_interactions'])
    const blocked = await routing(fixtureContext(engine, { knobs: KNOBS, report }))
    expect(blocked.backtest.summary.routing_status).toBe('blocked_by_gate')
    expect(blocked.backtest.summary.routing_recommendation).toBe('do_not_roll_out_fix_gate')
    expect(blocked.backtest.summary.note).toContain('blocked_by_gate: primary_key_unique_interactions')
    expect(blocked.backtest.backtest_status).toBe('candidate_improves')
    const overridden = await routing(fixtureContext(engine, { knobs: KNOBS, report, overrideGates: ['primary_key_unique_interactions'] }))
    expect(overridden.backtest.summary.routing_status).toBe('candidate_improves')
    expect(overridden.backtest.blocking_gates).toEqual([])
  })
})
