/** Plain result types of the health, budget-burn, risk-slice, hotspot and routing analyses (PIPELINE.md sections 4-7). */
import type { HealthSnapshot } from './types'
import { CATEGORICAL_DIMENSIONS, type CategoricalDimension } from './schema'

export type { FailureTypeShare, HealthSnapshot } from './types'

/** An inclusive range of UTC days, both ends `YYYY-MM-DD`. */
export interface DayRange {
  from: string
  to: string
}

/** Change of each health number versus the previous period (current - previous; null when either side is null). */
export interface HealthChange {
  interactions: number
  failure_rate: number | null
  sla_breach_rate: number | null
  latency_missing_rate: number | null
  cost_missing_rate: number | null
  is_failure_missing_rate: number | null
  p95_latency_ms: number | null
  total_cost_usd: number | null
  avg_cost_per_request: number | null
  tool_usage_share: number | null
  safety_blocks_share: number | null
  health_score_unrounded: number | null
}

/** The snapshot of the scope next to the snapshot of the immediately preceding range of equal length. */
export interface HealthDelta {
  current: HealthSnapshot
  /** the range the current snapshot covers: the scope's from/to, else the first and last timed day in scope; null when nothing is timed */
  current_range: DayRange | null
  /** null when current_range is null */
  previous: HealthSnapshot | null
  previous_range: DayRange | null
  /** null when previous is null */
  change: HealthChange | null
}

/** One UTC day of budget burn (the columns of budget_burn_daily.csv). */
export interface BurnDay {
  /** YYYY-MM-DD (UTC) */
  date_utc: string
  requests: number
  fail_rate: number
  /** over non-null latency; null when the day has no latency */
  sla_breach_rate: number | null
  /** sum of cost_usd; null when the day has no cost */
  cost: number | null
  p95_latency: number | null
  fail_budget_burn: number
  sla_budget_burn: number | null
  cost_budget_burn: number | null
  /** burn > 1; false when the burn is null */
  fail_over_budget: boolean
  sla_over_budget: boolean
  cost_over_budget: boolean
}

/**
 * Dimensions a risk-slice table may group by (a fixed allow-list: the names reach SQL as
 * identifiers); 'cluster' is the active failure-mode cluster of each row (src/shared/clusters.ts).
 */
export type SliceDimension = CategoricalDimension | 'cluster'
export const SLICE_DIMENSIONS: readonly SliceDimension[] = [...CATEGORICAL_DIMENSIONS, 'cluster']

/** The two dimensions of the risk_slices.csv artifact. */
export const ARTIFACT_SLICE_DIMENSIONS: readonly [SliceDimension, SliceDimension] = ['use_case', 'account_tier']

/** One (dimension A, dimension B) slice of the history window. Null dimension values read 'unknown'. */
export interface RiskSlice {
  /** [value of dimensions[0], value of dimensions[1]] */
  key: [string, string]
  requests: number
  fail_rate: number
  /** null when the slice has no latency */
  p95_latency: number | null
  /** null when the slice has no cost */
  avg_cost: number | null
  /** 2 * fail_rate + 0.5 * p95_latency / SLA_MS + 0.1 * avg_cost (null cost -> 0); null when p95_latency is null */
  score: number | null
}

export interface RiskSliceTable {
  dimensions: [SliceDimension, SliceDimension]
  min_requests: number
  /** slices in the history window (within scope) before the support filter */
  slices_total: number
  /** sorted by score desc (null last), then requests desc, then key[0], key[1] ascending */
  rows: RiskSlice[]
}

export type HotspotBucket = 'high_failure_and_sla' | 'high_failure' | 'sla_risk' | 'ok'

/** One model of the history window (the columns of model_hotspots.csv). Null provider / name read 'unknown'. */
export interface ModelHotspot {
  model_provider: string
  model_name: string
  requests: number
  fail_rate: number
  p95_latency: number | null
  cost_per_request: number | null
  sla_breach_rate: number | null
  bucket: HotspotBucket
}

export interface ModelHotspots {
  hotspot_fail_rate: number
  min_requests: number
  /** sorted by fail_rate desc, then p95 desc (null last), then requests desc, then provider, name */
  rows: ModelHotspot[]
}

export type PolicyMode = 'strict' | 'relax_1' | 'relax_2' | 'fallback_unconstrained'

/** Tier order: a use case is routed within the first tier that holds a candidate. */
export const POLICY_MODES: readonly PolicyMode[] = ['strict', 'relax_1', 'relax_2', 'fallback_unconstrained']

/** A (use case, provider, model) of the history window that passed the candidate filter. */
export interface RoutingCandidate {
  use_case: string
  /** may be null: only a null use_case or model_name disqualifies a row */
  model_provider: string | null
  model_name: string
  requests: number
  fail_rate: number
  p95_latency: number
  /** over non-null latency (never null here, since p95 is not) */
  sla_breach_rate: number
  avg_cost: number
  expected_unit_cost: number
  /** the strictest tier whose bounds the candidate meets */
  best_tier: PolicyMode
  chosen: boolean
}

/** One row of routing_policy_use_case.csv: the chosen candidate of a use case. */
export interface RoutingPolicyRow {
  use_case: string
  model_provider: string | null
  model_name: string
  requests: number
  fail_rate: number
  p95_latency: number
  sla_breach_rate: number
  avg_cost: number
  expected_unit_cost: number
  policy_mode: PolicyMode
}

/** Tier bounds, computed in float64 exactly as PIPELINE.md writes them. */
export interface RoutingTierBounds {
  mode: PolicyMode
  /** null for fallback_unconstrained */
  max_p95_latency: number | null
  max_fail_rate: number | null
}

export interface RoutingPolicy {
  /** sorted by use_case */
  rows: RoutingPolicyRow[]
  /** every candidate, sorted by use_case, then best_tier (strict first), then the pick order (cost, p95, requests desc, model name, provider) */
  candidates: RoutingCandidate[]
  /** history use cases (non-null) with rows but no candidate (too few requests or no cost / latency) */
  use_cases_without_candidate: string[]
  tiers: RoutingTierBounds[]
  routing_max_fail_rate: number
}

export type RoutingStatus =
  | 'candidate_improves'
  | 'candidate_mixed'
  | 'candidate_failed_backtest'
  | 'no_routing_policy'
  | 'no_evaluation_data'
  | 'blocked_by_gate'

export type RoutingRecommendation =
  | 'shadow_then_canary'
  | 'review_tradeoff'
  | 'do_not_roll_out_keep_baseline'
  | 'keep_baseline_no_candidates'
  | 'keep_baseline_collect_evaluation_data'
  | 'do_not_roll_out_fix_gate'

/** The selection-bias caveat shown wherever the backtest is shown. */
export const ROUTING_BACKTEST_NOTE =
  "observational backtest on logged traffic (selection bias: the chosen model's metrics come from the requests it happened to serve)"

/** One evaluation use case: its observed (baseline) metrics and the chosen model's metrics on it. */
export interface RoutingBacktestUseCase {
  use_case: string
  requests: number
  baseline_fail_rate: number
  baseline_avg_cost: number | null
  baseline_p95_latency: number | null
  baseline_sla_breach_rate: number | null
  baseline_expected_unit_cost: number
  /** the policy row of this use case, if any */
  chosen_model_provider: string | null
  chosen_model_name: string | null
  /** evaluation rows of this use case served by the chosen model (0 when not covered or not observed) */
  chosen_model_requests: number
  /** the chosen model's metric on this use case in evaluation, else the baseline value */
  policy_fail_rate: number
  policy_avg_cost: number | null
  policy_p95_latency: number | null
  policy_sla_breach_rate: number | null
  policy_expected_unit_cost: number
}

/** The single row of routing_backtest_summary.csv. */
export interface RoutingBacktestSummary {
  evaluation_window: string | null
  requests: number
  use_cases_total: number
  use_cases_covered: number
  baseline_expected_fail_rate: number | null
  policy_expected_fail_rate: number | null
  fail_rate_delta_vs_baseline: number | null
  baseline_expected_unit_cost: number | null
  policy_expected_unit_cost: number | null
  unit_cost_delta_vs_baseline: number | null
  baseline_total_expected_cost: number
  policy_total_expected_cost: number
  total_expected_cost_delta_vs_baseline: number
  routing_status: RoutingStatus
  routing_recommendation: RoutingRecommendation
  routing_max_fail_rate: number
  /** FAILURE_EVENT_COST_USD used */
  failure_business_cost: number
  sla_breach_penalty_usd: number
  use_cases_with_chosen_model_observed: number
  note: string
}

export interface RoutingBacktest {
  summary: RoutingBacktestSummary
  /** sorted by use_case */
  use_cases: RoutingBacktestUseCase[]
  /** evaluation rows in scope with a null use_case: not routable, left out of every number above */
  requests_without_use_case: number
  /** failed gates not overridden; non-empty means routing_status = blocked_by_gate */
  blocking_gates: string[]
  /** the verdict the backtest alone gives, before a gate block or an empty window overrides the status */
  backtest_status: RoutingStatus
}

/** Routing policy and its backtest, computed together. */
export interface RoutingResult {
  policy: RoutingPolicy
  backtest: RoutingBacktest
}
