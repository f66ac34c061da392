/** Routing policy of PIPELINE.md section 7 (history-window candidates, tiered pick per use case) and its observational backtest on the evaluation window. */
import {
  POLICY_MODES,
  ROUTING_BACKTEST_NOTE,
  type RoutingBacktest,
  type RoutingBacktestSummary,
  type RoutingBacktestUseCase,
  type RoutingCandidate,
  type RoutingPolicy,
  type RoutingPolicyRow,
  type RoutingRecommendation,
  type RoutingResult,
  type RoutingStatus,
  type RoutingTierBounds
} from '../../shared/analysis'
import { deriveKnobs, type Knobs } from '../../shared/knobs'
import type { AnalysisContext } from './context'
import { compareCodePoints } from './riskSlices'
import { compileScope } from './scopeSql'

/** Per-group counts and sums; rates are divided out in JS so both engines give the same doubles. */
type GroupStats = {
  n: number
  n_fail: number
  n_cost: number
  cost_sum: number | null
  n_lat: number
  n_breach: number
  p95: number | null
}

type CandidateRow = GroupStats & { use_case: string; model_provider: string | null; model_name: string }

type EvaluationRow = GroupStats & { use_case: string | null; model_provider: string | null; model_name: string | null; is_detail: boolean }

const GROUP_STATS = `count(*)::BIGINT AS n,
       count_if(is_failure)::BIGINT AS n_fail,
       count(cost_usd)::BIGINT AS n_cost,
       exact_sum(cost_usd) AS cost_sum,
       count(latency_ms)::BIGINT AS n_lat,
       count_if(latency_ms > CAST(? AS DOUBLE))::BIGINT AS n_breach,
       quantile_cont(latency_ms, 0.95) AS p95`

// A null use_case or model_name is never a candidate; a null provider is kept as its own group.
const CANDIDATES_SQL = (where: string): string => `
SELECT use_case, model_provider, model_name,
       ${GROUP_STATS}
FROM interactions
WHERE in_history AND use_case IS NOT NULL AND model_name IS NOT NULL AND (${where})
GROUP BY use_case, model_provider, model_name`

// One pass, two grouping sets: per use case (the baseline; detail = 0) and per use case and model
// (the chosen model's metrics; detail = 1).
const EVALUATION_SQL = (where: string): string => `
SELECT use_case, model_provider, model_name, grouping(model_name) = 0 AS is_detail,
       ${GROUP_STATS}
FROM interactions
WHERE win_role = 'evaluation' AND (${where})
GROUP BY GROUPING SETS ((use_case), (use_case, model_provider, model_name))`

const clip01 = (x: number): number => Math.min(1, Math.max(0, x))

/** avg_cost + clip01(fail_rate) * FAILURE_EVENT_COST_USD + clip01(sla_breach_rate or 0) * SLA_BREACH_PENALTY_USD, in that order. */
export function expectedUnitCost(
  avgCost: number,
  failRate: number,
  slaBreachRate: number | null,
  knobs: Pick<Knobs, 'FAILURE_EVENT_COST_USD' | 'SLA_BREACH_PENALTY_USD'>
): number {
  return avgCost + clip01(failRate) * knobs.FAILURE_EVENT_COST_USD + clip01(slaBreachRate ?? 0) * knobs.SLA_BREACH_PENALTY_USD
}

/** The four tiers, bounds in float64 exactly as written (MAX + 0.05 is 0.16999999999999998 by default). */
export function routingTiers(knobs: Knobs): RoutingTierBounds[] {
  const max = deriveKnobs(knobs).ROUTING_MAX_FAIL_RATE
  const sla = knobs.SLA_MS
  return [
    { mode: 'strict', max_p95_latency: sla, max_fail_rate: max },
    { mode: 'relax_1', max_p95_latency: 1.15 * sla, max_fail_rate: max + 0.05 },
    { mode: 'relax_2', max_p95_latency: 1.3 * sla, max_fail_rate: max + 0.1 },
    { mode: 'fallback_unconstrained', max_p95_latency: null, max_fail_rate: null }
  ]
}

function meetsTier(c: { p95_latency: number; fail_rate: number }, t: RoutingTierBounds): boolean {
  return (t.max_p95_latency === null || c.p95_latency <= t.max_p95_latency) && (t.max_fail_rate === null || c.fail_rate <= t.max_fail_rate)
}

/** Pick order: lower expected_unit_cost, then lower p95, then more requests, then model name, then provider (null last). */
export function comparePick(x: RoutingCandidate, y: RoutingCandidate): number {
  if (x.expected_unit_cost !== y.expected_unit_cost) return x.expected_unit_cost < y.expected_unit_cost ? -1 : 1
  if (x.p95_latency !== y.p95_latency) return x.p95_latency < y.p95_latency ? -1 : 1
  if (x.requests !== y.requests) return y.requests - x.requests
  const byName = compareCodePoints(x.model_name, y.model_name)
  if (byName) return byName
  if (x.model_provider === y.model_provider) return 0
  if (x.model_provider === null) return 1
  if (y.model_provider === null) return -1
  return compareCodePoints(x.model_provider, y.model_provider)
}

/**
 * Picks one candidate per use case: within the first tier that holds any of its candidates, the
 * first in pick order. Marks the picks `chosen` and returns the policy rows sorted by use case.
 */
export function pickPolicy(candidates: RoutingCandidate[], tiers: readonly RoutingTierBounds[]): RoutingPolicyRow[] {
  const byUseCase = new Map<string, RoutingCandidate[]>()
  for (const c of candidates) {
    const list = byUseCase.get(c.use_case)
    if (list) list.push(c)
    else byUseCase.set(c.use_case, [c])
  }
  const rows: RoutingPolicyRow[] = []
  for (const useCase of [...byUseCase.keys()].sort(compareCodePoints)) {
    const list = byUseCase.get(useCase)!
    for (const tier of tiers) {
      const eligible = list.filter((c) => meetsTier(c, tier))
      if (eligible.length === 0) continue
      const pick = eligible.reduce((best, c) => (comparePick(c, best) < 0 ? c : best))
      pick.chosen = true
      rows.push({
        use_case: pick.use_case,
        model_provider: pick.model_provider,
        model_name: pick.model_name,
        requests: pick.requests,
        fail_rate: pick.fail_rate,
        p95_latency: pick.p95_latency,
        sla_breach_rate: pick.sla_breach_rate,
        avg_cost: pick.avg_cost,
        expected_unit_cost: pick.expected_unit_cost,
        policy_mode: tier.mode
      })
      break
    }
  }
  return rows
}

/** Builds the candidates of the history window in scope and picks the routing policy. */
export async function routingPolicy(ctx: AnalysisContext): Promise<RoutingPolicy> {
  const { knobs } = ctx
  const { where, params } = compileScope(ctx.scope)
  const groups = await ctx.engine.all<CandidateRow>(CANDIDATES_SQL(where), [knobs.SLA_MS, ...params])
  const tiers = routingTiers(knobs)
  const candidates: RoutingCandidate[] = []
  const useCasesSeen = new Set<string>()
  for (const g of groups) {
    useCasesSeen.add(g.use_case)
    // fail_rate is never null (is_failure is filled at ingest); cost and p95 need at least one value.
    if (g.n < knobs.MIN_REQUESTS_POLICY || g.n_cost === 0 || g.cost_sum === null || g.p95 === null) continue
    const fail_rate = g.n_fail / g.n
    const avg_cost = g.cost_sum / g.n_cost
    const sla_breach_rate = g.n_breach / g.n_lat
    const c: RoutingCandidate = {
      use_case: g.use_case,
      model_provider: g.model_provider,
      model_name: g.model_name,
      requests: g.n,
      fail_rate,
      p95_latency: g.p95,
      sla_breach_rate,
      avg_cost,
      expected_unit_cost: expectedUnitCost(avg_cost, fail_rate, sla_breach_rate, knobs),
      best_tier: 'fallback_unconstrained',
      chosen: false
    }
    c.best_tier = tiers.find((t) => meetsTier(c, t))?.mode ?? 'fallback_unconstrained'
    candidates.push(c)
  }
  const rows = pickPolicy(candidates, tiers)
  candidates.sort((x, y) => compareCodePoints(x.use_case, y.use_case) || POLICY_MODES.indexOf(x.best_tier) - POLICY_MODES.indexOf(y.best_tier) || comparePick(x, y))
  const covered = new Set(rows.map((r) => r.use_case))
  return {
    rows,
    candidates,
    use_cases_without_candidate: [...useCasesSeen].filter((u) => !covered.has(u)).sort(compareCodePoints),
    tiers,
    routing_max_fail_rate: deriveKnobs(knobs).ROUTING_MAX_FAIL_RATE
  }
}

interface Metrics {
  fail_rate: number
  avg_cost: number | null
  p95: number | null
  sla: number | null
}

function metricsOf(g: GroupStats): Metrics {
  return {
    fail_rate: g.n_fail / g.n,
    avg_cost: g.n_cost > 0 && g.cost_sum !== null ? g.cost_sum / g.n_cost : null,
    p95: g.p95,
    sla: g.n_lat > 0 ? g.n_breach / g.n_lat : null
  }
}

/** Gates that failed and were not overridden (by the report or by this context). */
export function blockingGates(ctx: AnalysisContext): string[] {
  const overridden = new Set([...ctx.report.gates_overridden, ...ctx.overrideGates])
  return ctx.report.gates_failed.filter((g) => !overridden.has(g))
}

/** The verdict of PIPELINE.md section 7 from the request-weighted expected unit cost and fail rate. */
export function routingVerdict(
  baselineUnitCost: number,
  policyUnitCost: number,
  baselineFailRate: number,
  policyFailRate: number
): { status: RoutingStatus; recommendation: RoutingRecommendation } {
  const costOk = policyUnitCost <= baselineUnitCost
  const failOk = policyFailRate <= baselineFailRate
  if (costOk && failOk) return { status: 'candidate_improves', recommendation: 'shadow_then_canary' }
  if (costOk || failOk) return { status: 'candidate_mixed', recommendation: 'review_tradeoff' }
  return { status: 'candidate_failed_backtest', recommendation: 'do_not_roll_out_keep_baseline' }
}

/**
 * Backtests a policy on the evaluation window in scope: per use case the observed traffic versus
 * the chosen model's metrics on that use case (metric by metric, falling back to the observed
 * value the chosen model lacks there), request-weighted into the summary row.
 */
export async function routingBacktest(ctx: AnalysisContext, policy: RoutingPolicy): Promise<RoutingBacktest> {
  const { knobs } = ctx
  const { where, params } = compileScope(ctx.scope)
  const groups = await ctx.engine.all<EvaluationRow>(EVALUATION_SQL(where), [knobs.SLA_MS, ...params])
  const chosen = new Map(policy.rows.map((r) => [r.use_case, r]))
  const detail = new Map<string, EvaluationRow>()
  const detailKey = (useCase: string, provider: string | null, model: string): string => JSON.stringify([useCase, provider, model])
  for (const g of groups) {
    if (g.is_detail && g.use_case !== null && g.model_name !== null) detail.set(detailKey(g.use_case, g.model_provider, g.model_name), g)
  }

  let requestsWithoutUseCase = 0
  const useCases: RoutingBacktestUseCase[] = []
  for (const g of groups) {
    if (g.is_detail) continue
    if (g.use_case === null) {
      requestsWithoutUseCase = g.n
      continue
    }
    const base = metricsOf(g)
    const pick = chosen.get(g.use_case)
    const served = pick ? detail.get(detailKey(g.use_case, pick.model_provider, pick.model_name)) : undefined
    const m = served ? metricsOf(served) : null
    const policyMetrics: Metrics = {
      fail_rate: m ? m.fail_rate : base.fail_rate,
      avg_cost: m?.avg_cost ?? base.avg_cost,
      p95: m?.p95 ?? base.p95,
      sla: m?.sla ?? base.sla
    }
    useCases.push({
      use_case: g.use_case,
      requests: g.n,
      baseline_fail_rate: base.fail_rate,
      baseline_avg_cost: base.avg_cost,
      baseline_p95_latency: base.p95,
      baseline_sla_breach_rate: base.sla,
      // A use case without any cost value contributes no spend, only failure and SLA costs.
      baseline_expected_unit_cost: expectedUnitCost(base.avg_cost ?? 0, base.fail_rate, base.sla, knobs),
      chosen_model_provider: pick ? pick.model_provider : null,
      chosen_model_name: pick ? pick.model_name : null,
      chosen_model_requests: served ? served.n : 0,
      policy_fail_rate: policyMetrics.fail_rate,
      policy_avg_cost: policyMetrics.avg_cost,
      policy_p95_latency: policyMetrics.p95,
      policy_sla_breach_rate: policyMetrics.sla,
      policy_expected_unit_cost: expectedUnitCost(policyMetrics.avg_cost ?? 0, policyMetrics.fail_rate, policyMetrics.sla, knobs)
    })
  }
  useCases.sort((x, y) => compareCodePoints(x.use_case, y.use_case))

  const gates = blockingGates(ctx)
  const summary = summarise(useCases, policy, ctx)
  const backtestStatus = summary.routing_status
  if (gates.length > 0) {
    summary.routing_status = 'blocked_by_gate'
    summary.routing_recommendation = 'do_not_roll_out_fix_gate'
    summary.note = `${ROUTING_BACKTEST_NOTE}; blocked_by_gate: ${gates.join(', ')}`
  }
  return { summary, use_cases: useCases, requests_without_use_case: requestsWithoutUseCase, blocking_gates: gates, backtest_status: backtestStatus }
}

function summarise(useCases: RoutingBacktestUseCase[], policy: RoutingPolicy, ctx: AnalysisContext): RoutingBacktestSummary {
  const { knobs } = ctx
  let requests = 0
  let baseFail = 0
  let policyFail = 0
  let baseTotal = 0
  let policyTotal = 0
  let covered = 0
  let observed = 0
  for (const u of useCases) {
    requests += u.requests
    baseFail += u.requests * u.baseline_fail_rate
    policyFail += u.requests * u.policy_fail_rate
    baseTotal += u.requests * u.baseline_expected_unit_cost
    policyTotal += u.requests * u.policy_expected_unit_cost
    if (u.chosen_model_name !== null) covered++
    if (u.chosen_model_requests > 0) observed++
  }
  const mean = (total: number): number | null => (requests > 0 ? total / requests : null)
  const baseline_expected_fail_rate = mean(baseFail)
  const policy_expected_fail_rate = mean(policyFail)
  const baseline_expected_unit_cost = mean(baseTotal)
  const policy_expected_unit_cost = mean(policyTotal)

  let verdict: { status: RoutingStatus; recommendation: RoutingRecommendation }
  if (requests === 0) verdict = { status: 'no_evaluation_data', recommendation: 'keep_baseline_collect_evaluation_data' }
  else if (policy.rows.length === 0) verdict = { status: 'no_routing_policy', recommendation: 'keep_baseline_no_candidates' }
  else verdict = routingVerdict(baseline_expected_unit_cost!, policy_expected_unit_cost!, baseline_expected_fail_rate!, policy_expected_fail_rate!)

  const delta = (p: number | null, b: number | null): number | null => (p === null || b === null ? null : p - b)
  return {
    evaluation_window: ctx.report.windows.evaluation_window,
    requests,
    use_cases_total: useCases.length,
    use_cases_covered: covered,
    baseline_expected_fail_rate,
    policy_expected_fail_rate,
    fail_rate_delta_vs_baseline: delta(policy_expected_fail_rate, baseline_expected_fail_rate),
    baseline_expected_unit_cost,
    policy_expected_unit_cost,
    unit_cost_delta_vs_baseline: delta(policy_expected_unit_cost, baseline_expected_unit_cost),
    baseline_total_expected_cost: baseTotal,
    policy_total_expected_cost: policyTotal,
    total_expected_cost_delta_vs_baseline: policyTotal - baseTotal,
    routing_status: verdict.status,
    routing_recommendation: verdict.recommendation,
    routing_max_fail_rate: policy.routing_max_fail_rate,
    failure_business_cost: knobs.FAILURE_EVENT_COST_USD,
    sla_breach_penalty_usd: knobs.SLA_BREACH_PENALTY_USD,
    use_cases_with_chosen_model_observed: observed,
    note: ROUTING_BACKTEST_NOTE
  }
}

/** The routing policy of the history window and its backtest on the evaluation window, with the knobs of ctx (what-if overrides included). */
export async function routing(ctx: AnalysisContext): Promise<RoutingResult> {
  const policy = await routingPolicy(ctx)
  return { policy, backtest: await routingBacktest(ctx, policy) }
}
