/** Pure rendering of routing_policy_use_case.csv and routing_backtest_summary.csv from a RoutingResult, in the artifact's columns and number format. */
import type { RoutingBacktestSummary, RoutingPolicyRow } from '../../../../shared/analysis'
import { artifactCsv, type ArtifactCell } from './artifactCsv'

export const ROUTING_POLICY_FILE = 'routing_policy_use_case.csv'
export const ROUTING_BACKTEST_FILE = 'routing_backtest_summary.csv'

export const ROUTING_POLICY_COLUMNS = [
  'use_case',
  'model_provider',
  'model_name',
  'requests',
  'fail_rate',
  'p95_latency',
  'sla_breach_rate',
  'avg_cost',
  'expected_unit_cost',
  'policy_mode'
] as const

export const ROUTING_BACKTEST_COLUMNS = [
  'evaluation_window',
  'requests',
  'use_cases_total',
  'use_cases_covered',
  'baseline_expected_fail_rate',
  'policy_expected_fail_rate',
  'fail_rate_delta_vs_baseline',
  'baseline_expected_unit_cost',
  'policy_expected_unit_cost',
  'unit_cost_delta_vs_baseline',
  'baseline_total_expected_cost',
  'policy_total_expected_cost',
  'total_expected_cost_delta_vs_baseline',
  'routing_status',
  'routing_recommendation',
  'routing_max_fail_rate',
  'failure_business_cost',
  'sla_breach_penalty_usd',
  'use_cases_with_chosen_model_observed',
  'note'
] as const

const POLICY_FLOATS = new Set(['fail_rate', 'p95_latency', 'sla_breach_rate', 'avg_cost', 'expected_unit_cost'])
const BACKTEST_FLOATS = new Set([
  'baseline_expected_fail_rate',
  'policy_expected_fail_rate',
  'fail_rate_delta_vs_baseline',
  'baseline_expected_unit_cost',
  'policy_expected_unit_cost',
  'unit_cost_delta_vs_baseline',
  'baseline_total_expected_cost',
  'policy_total_expected_cost',
  'total_expected_cost_delta_vs_baseline',
  'routing_max_fail_rate',
  'failure_business_cost',
  'sla_breach_penalty_usd'
])

export function routingPolicyCsv(rows: readonly RoutingPolicyRow[]): string {
  return artifactCsv(ROUTING_POLICY_COLUMNS, rows as unknown as Record<string, ArtifactCell>[], POLICY_FLOATS)
}

export function routingBacktestCsv(summary: RoutingBacktestSummary): string {
  return artifactCsv(ROUTING_BACKTEST_COLUMNS, [summary as unknown as Record<string, ArtifactCell>], BACKTEST_FLOATS)
}

/** File names for an export; a what-if gets its own names so it is never mistaken for the saved policy. */
export function routingExportNames(whatIf: boolean): { policy: string; backtest: string } {
  return whatIf
    ? { policy: ROUTING_POLICY_FILE.replace('.csv', '.what-if.csv'), backtest: ROUTING_BACKTEST_FILE.replace('.csv', '.what-if.csv') }
    : { policy: ROUTING_POLICY_FILE, backtest: ROUTING_BACKTEST_FILE }
}
