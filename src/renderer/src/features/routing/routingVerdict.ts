/** Pure reading of a routing backtest as a verdict for operators: a tone, a headline and what the status and recommendation mean in plain words, with the numbers behind them. */
import type { PolicyMode, RoutingBacktest, RoutingRecommendation, RoutingStatus } from '../../../../shared/analysis'
import { formatPercent, formatPointsDelta, formatUsd } from '../../lib/format'

export type VerdictTone = 'good' | 'warn' | 'bad' | 'neutral'

export interface RoutingVerdict {
  status: RoutingStatus
  recommendation: RoutingRecommendation
  tone: VerdictTone
  /** one line: what to do */
  headline: string
  /** why, in words, with the numbers */
  explanation: string
  /** for blocked_by_gate: what the backtest alone says */
  backtestReading?: string
}

const STATUS_TONE: Record<RoutingStatus, VerdictTone> = {
  candidate_improves: 'good',
  candidate_mixed: 'warn',
  candidate_failed_backtest: 'bad',
  no_routing_policy: 'neutral',
  no_evaluation_data: 'neutral',
  blocked_by_gate: 'bad'
}

export const RECOMMENDATION_TEXT: Record<RoutingRecommendation, string> = {
  shadow_then_canary: 'Run the policy in shadow mode, then as a canary.',
  review_tradeoff: 'Review the trade-off per use case before any rollout.',
  do_not_roll_out_keep_baseline: 'Do not roll out: keep the current routing.',
  keep_baseline_no_candidates: 'Keep the current routing: there is nothing to route to.',
  keep_baseline_collect_evaluation_data: 'Keep the current routing and collect evaluation data.',
  do_not_roll_out_fix_gate: 'Do not roll out: fix the failed integrity gate(s) or record an override first.'
}

/** Policy tiers as words (PIPELINE.md section 7). */
export const POLICY_MODE_TEXT: Record<PolicyMode, string> = {
  strict: 'p95 ≤ SLA and fail rate ≤ max',
  relax_1: 'p95 ≤ 1.15 × SLA and fail rate ≤ max + 5 pp',
  relax_2: 'p95 ≤ 1.30 × SLA and fail rate ≤ max + 10 pp',
  fallback_unconstrained: 'no candidate met any bound: cheapest expected unit cost'
}

export const POLICY_MODE_TONE: Record<PolicyMode, 'good' | 'info' | 'warn' | 'bad'> = {
  strict: 'good',
  relax_1: 'info',
  relax_2: 'warn',
  fallback_unconstrained: 'bad'
}

/** A signed dollar change: +$0.480, −$1.20. */
export function formatUsdDelta(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v === 0) return '±$0.00'
  return `${v > 0 ? '+' : '−'}${formatUsd(Math.abs(v))}`
}

function comparison(b: RoutingBacktest): string {
  const s = b.summary
  const cost = `expected unit cost ${formatUsd(s.policy_expected_unit_cost)} vs ${formatUsd(s.baseline_expected_unit_cost)} today (${formatUsdDelta(s.unit_cost_delta_vs_baseline)} per request)`
  const fail = `expected fail rate ${formatPercent(s.policy_expected_fail_rate)} vs ${formatPercent(s.baseline_expected_fail_rate)} (${formatPointsDelta(s.fail_rate_delta_vs_baseline)})`
  return `On the evaluation window the policy gives an ${cost} and an ${fail}.`
}

function reading(status: RoutingStatus, b: RoutingBacktest): string {
  switch (status) {
    case 'candidate_improves':
      return `${comparison(b)} Both are at or below the current routing.`
    case 'candidate_mixed':
      return `${comparison(b)} One of the two is at or below the current routing, the other above it.`
    case 'candidate_failed_backtest':
      return `${comparison(b)} Both are above the current routing.`
    case 'no_routing_policy':
      return 'No (use case, model) pair in the history window has enough requests (MIN_REQUESTS_POLICY) with known cost and latency, so there is no policy to test.'
    case 'no_evaluation_data':
      return 'The evaluation window holds no routable request in scope, so the policy cannot be backtested.'
    case 'blocked_by_gate':
      return 'An integrity gate failed.'
  }
}

export function routingVerdict(b: RoutingBacktest): RoutingVerdict {
  const s = b.summary
  const status = s.routing_status
  const base: RoutingVerdict = {
    status,
    recommendation: s.routing_recommendation,
    tone: STATUS_TONE[status],
    headline: RECOMMENDATION_TEXT[s.routing_recommendation],
    explanation: reading(status, b)
  }
  if (status !== 'blocked_by_gate') return base
  const gates = b.blocking_gates
  return {
    ...base,
    explanation: `Stop-ship: the integrity gate${gates.length === 1 ? '' : 's'} ${gates.join(', ')} failed and ${gates.length === 1 ? 'is' : 'are'} not overridden, so this policy must not be acted on.`,
    backtestReading: b.backtest_status === 'blocked_by_gate' ? undefined : `Without the gate, the backtest says ${b.backtest_status}: ${reading(b.backtest_status, b)}`
  }
}
