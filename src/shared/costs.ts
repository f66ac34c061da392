/** Result types of the cost analytics (Costs page) and the budget incidents (Overview). */

export const COST_DIMENSIONS = ['model_name', 'model_provider', 'use_case', 'account_tier', 'channel', 'region', 'user_id'] as const
export type CostDimension = (typeof COST_DIMENSIONS)[number]

export interface CostShare {
  /** null is a group of its own; '(other)' when `other` is true */
  key: string | null
  other: boolean
  requests: number
  cost: number
  avg_cost: number | null
  share: number | null
}

export interface CostByDimension {
  dimension: CostDimension
  total_cost: number
  rows: CostShare[]
}

export interface ModelCostQuality {
  model_provider: string | null
  model_name: string | null
  requests: number
  avg_cost: number | null
  /** cost per 1,000 tokens over rows with both cost and total_tokens */
  cost_per_1k_tokens: number | null
  avg_quality: number | null
  /** no other model is at least as cheap and at least as good, and strictly better in one */
  pareto: boolean
  failures: number
  fail_rate: number
  /** 95th percentile of latency_ms (linear), null without latency */
  p95_latency: number | null
  /** share of non-null latencies above SLA_MS */
  sla_breach_rate: number | null
  /** sum of cost_usd, null without cost */
  total_cost: number | null
  /** total cost / successful requests (failed requests are paid for too) */
  cost_per_success: number | null
  /** cost / sum of response_quality_score over rows with both */
  cost_per_quality_point: number | null
  /** on the frontier of all four: cost, failure rate and p95 lower, quality higher (models with all four) */
  pareto_all: boolean
}

export interface CostForecast {
  /** the month of the last timed day in scope, 'YYYY-MM' */
  month: string
  days_in_month: number
  /** days of that month present in the data, up to the last one */
  days_observed: number
  last_day: string
  month_to_date_cost: number
  /** least-squares line over the last (up to 14) observed days: cost = intercept + slope * day_index */
  trend_slope: number
  trend_intercept: number
  trend_days: number
  /** projected cost of each remaining day of the month (never below 0) */
  projected: { date: string; cost: number }[]
  forecast_month_cost: number
  month_budget: number
  forecast_over_budget: boolean
}

export interface CostAnalytics {
  total_cost: number
  requests: number
  by_day: { date: string; cost: number; requests: number; budget: number }[]
  models: ModelCostQuality[]
  forecast: CostForecast | null
}

export type BudgetKind = 'fail' | 'sla' | 'cost'

export interface Incident {
  budget: BudgetKind
  /** first day of the current run of days over budget (burn > 1), ending at the last day in scope */
  since: string
  days: number
  /** burn on the last day */
  last_burn: number
  /** the (use_case, model_name) slice that contributes most of the excess over the run, if any */
  top_slice: { use_case: string | null; model_name: string | null; requests: number; rate_or_cost: number; excess_share: number } | null
}
