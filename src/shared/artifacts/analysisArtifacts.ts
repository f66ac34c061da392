/** Serialises the health, budget-burn, risk-slice, hotspot and routing results into their artifact files (PIPELINE.md section 10). */
import type { BurnDay, ModelHotspots, RiskSliceTable, RoutingBacktest, RoutingPolicy } from '../analysis'
import type { HealthSnapshot } from '../types'
import { type CsvCell, pyFloat, toCsv } from './csv'

export const BUDGET_BURN_COLUMNS = [
  'date_utc',
  'requests',
  'fail_rate',
  'sla_breach_rate',
  'cost',
  'p95_latency',
  'fail_budget_burn',
  'sla_budget_burn',
  'cost_budget_burn',
  'fail_over_budget',
  'sla_over_budget',
  'cost_over_budget'
] as const

export const RISK_SLICE_METRIC_COLUMNS = ['requests', 'fail_rate', 'p95_latency', 'avg_cost', 'score'] as const

export const MODEL_HOTSPOT_COLUMNS = ['model_provider', 'model_name', 'requests', 'fail_rate', 'p95_latency', 'cost_per_request', 'sla_breach_rate', 'bucket'] as const

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

const BURN_FLOATS = new Set(['fail_rate', 'sla_breach_rate', 'cost', 'p95_latency', 'fail_budget_burn', 'sla_budget_burn', 'cost_budget_burn'])
const SLICE_FLOATS = new Set(['fail_rate', 'p95_latency', 'avg_cost', 'score'])
const HOTSPOT_FLOATS = new Set(['fail_rate', 'p95_latency', 'cost_per_request', 'sla_breach_rate'])
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

/** health_snapshot.json: pretty-printed like Python's json.dumps(indent=2) (floats as 0.0, non-ASCII escaped). */
export function healthSnapshotJson(snapshot: HealthSnapshot): string {
  const ints = new Set(['interactions', 'count'])
  return pythonJson(snapshot, (key) => !ints.has(key)) + '\n'
}

/** budget_burn_daily.csv */
export function budgetBurnCsv(days: readonly BurnDay[]): string {
  return toCsv(BUDGET_BURN_COLUMNS, days as unknown as Record<string, CsvCell>[], BURN_FLOATS)
}

/** risk_slices.csv: the two dimension columns (use_case, account_tier for the artifact), then the metrics. */
export function riskSlicesCsv(table: RiskSliceTable): string {
  const [a, b] = table.dimensions
  const rows = table.rows.map((r) => ({ [a]: r.key[0], [b]: r.key[1], requests: r.requests, fail_rate: r.fail_rate, p95_latency: r.p95_latency, avg_cost: r.avg_cost, score: r.score }))
  return toCsv([a, b, ...RISK_SLICE_METRIC_COLUMNS], rows, SLICE_FLOATS)
}

/** model_hotspots.csv */
export function modelHotspotsCsv(hotspots: ModelHotspots): string {
  return toCsv(MODEL_HOTSPOT_COLUMNS, hotspots.rows as unknown as Record<string, CsvCell>[], HOTSPOT_FLOATS)
}

/** routing_policy_use_case.csv */
export function routingPolicyCsv(policy: RoutingPolicy): string {
  return toCsv(ROUTING_POLICY_COLUMNS, policy.rows as unknown as Record<string, CsvCell>[], POLICY_FLOATS)
}

/** routing_backtest_summary.csv: one row. */
export function routingBacktestCsv(backtest: RoutingBacktest): string {
  return toCsv(ROUTING_BACKTEST_COLUMNS, [backtest.summary as unknown as Record<string, CsvCell>], BACKTEST_FLOATS)
}

/**
 * JSON text as Python's `json.dumps(value, indent=2)` writes it: numbers under a key for which
 * `isFloat` holds print as floats (`0.0`), others as integers; non-ASCII is escaped as \uXXXX.
 */
export function pythonJson(value: unknown, isFloat: (key: string) => boolean, indent = 0, key = ''): string {
  const pad = '  '.repeat(indent + 1)
  const close = '  '.repeat(indent)
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity'
    return isFloat(key) || !Number.isInteger(value) ? pyFloat(value) : String(value)
  }
  if (typeof value === 'string') return pythonString(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return '[\n' + value.map((v) => pad + pythonJson(v, isFloat, indent + 1, key)).join(',\n') + '\n' + close + ']'
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return '{}'
  return '{\n' + entries.map(([k, v]) => pad + pythonString(k) + ': ' + pythonJson(v, isFloat, indent + 1, k)).join(',\n') + '\n' + close + '}'
}

function pythonString(s: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters the way Python does; then
  // DEL and every non-ASCII UTF-16 unit become \uXXXX (Python writes astral characters as surrogate pairs too).
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}
