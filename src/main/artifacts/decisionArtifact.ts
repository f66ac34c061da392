/** decision_artifact.json of PIPELINE.md section 10: status, issues, windows, outputs, every knob, summaries, inputs. */
import type { RoutingResult } from '../../shared/analysis'
import type { DriftDateRanges } from '../../shared/drift'
import { deriveKnobs, PIPELINE_KNOB_NAMES, type Knobs } from '../../shared/knobs'
import type { TriageResult } from '../../shared/triage'
import type { HealthSnapshot, IntegrityReport } from '../../shared/types'
import { pythonJson } from '../../shared/artifacts/analysisArtifacts'
import { driftDecisionSummary } from '../../shared/artifacts/driftArtifacts'
import type { DriftBlock } from '../../shared/drift'
import { triageDecisionSummary } from '../../shared/artifacts/triageArtifacts'

export type DecisionStatus = 'blocked' | 'partial' | 'review_required' | 'ok'

/** Keys whose numbers print as floats (Python wrote them from floats). */
const FLOAT_KEYS = new Set([
  'SLA_MS',
  'FAIL_BUDGET',
  'SLA_BUDGET',
  'DAILY_COST_BUDGET_USD',
  'TIME_SPLIT_FRAC',
  'DRIFT_REFERENCE_FRAC',
  'DRIFT_CURRENT_FRAC',
  'MAX_LATENCY_MISSING_RATE',
  'MAX_COST_MISSING_RATE',
  'FAILURE_EVENT_COST_USD',
  'SLA_BREACH_PENALTY_USD',
  'REVIEW_COST',
  'TRIAGE_FN_COST_USD',
  'ROUTING_MAX_FAIL_RATE',
  'HOTSPOT_FAIL_RATE',
  'health_score',
  'expected_cost',
  'review_share',
  'mean_reviews_per_day',
  'p90_reviews_per_day',
  'precision',
  'recall',
  'roc_auc',
  'avg_precision',
  'test_base_rate',
  'triage_threshold'
])

export interface DecisionInputs {
  report: IntegrityReport
  knobs: Knobs
  /** failed gates the operator overrides (recorded) */
  overrideGates: readonly string[]
  health: HealthSnapshot
  routing: RoutingResult | null
  drift: DriftBlock[]
  triage: TriageResult | null
  driftDateRanges?: DriftDateRanges | null
  generatedOutputs: Record<string, string>
  appVersion: string
  generatedAt: Date
}

/** Failed gates that still block: failed and not overridden. */
export function blockingGates(report: IntegrityReport, overrideGates: readonly string[]): string[] {
  return report.gates_failed.filter((g) => !overrideGates.includes(g))
}

/** Issues and the status they lead to, first that applies: blocked, partial, review_required, ok. */
export function decisionStatus(inputs: Pick<DecisionInputs, 'report' | 'overrideGates' | 'routing' | 'triage'>): { status: DecisionStatus; issues: string[] } {
  const blocking = blockingGates(inputs.report, inputs.overrideGates)
  const overridden = inputs.report.gates_failed.filter((g) => inputs.overrideGates.includes(g))
  const issues: string[] = [...blocking.map((g) => `gate_failed_${g}`), ...overridden.map((g) => `gate_overridden_${g}`)]
  let partial = false
  const r = inputs.routing
  if (!r || r.policy.rows.length === 0) {
    partial = true
    issues.push('routing_not_produced')
  } else {
    const verdict = r.backtest.backtest_status
    if (verdict === 'no_evaluation_data') {
      partial = true
      issues.push('routing_no_evaluation_data')
    } else if (verdict !== 'candidate_improves') issues.push(`routing_${verdict}`)
  }
  const t = inputs.triage
  if (!t || t.status !== 'ok') {
    partial = true
    issues.push(`triage_not_produced${t ? `_${t.reason}` : ''}`)
  } else {
    if (t.operating_mode !== 'cost_optimal') issues.push(`triage_${t.operating_mode}`)
    if (t.capacity_infeasible_flag && t.operating_mode !== 'capacity_bound') issues.push('triage_capacity_infeasible')
  }
  const status: DecisionStatus = blocking.length > 0 ? 'blocked' : partial ? 'partial' : issues.length > 0 ? 'review_required' : 'ok'
  return { status, issues }
}

/** The decision artifact object, in the key order of the reference. */
export function decisionArtifact(inputs: DecisionInputs): Record<string, unknown> {
  const { report, knobs } = inputs
  const w = report.windows
  const { status, issues } = decisionStatus(inputs)
  const drift = driftDecisionSummary(inputs.drift)
  const derived = deriveKnobs(knobs)
  const blocking = blockingGates(report, inputs.overrideGates)
  const routingSummary = inputs.routing
    ? {
        routing_policy_rows: inputs.routing.policy.rows.length,
        routing_policy_use_cases: new Set(inputs.routing.policy.rows.map((r) => r.use_case)).size,
        routing_status: inputs.routing.backtest.summary.routing_status,
        routing_recommendation: inputs.routing.backtest.summary.routing_recommendation,
        routing_backtest_note: inputs.routing.backtest.summary.note
      }
    : { routing_policy_rows: 0, routing_policy_use_cases: 0, routing_status: 'not_produced', routing_recommendation: null, routing_backtest_note: null }
  const triageSummary = inputs.triage ? triageDecisionSummary(inputs.triage, blocking) : { triage_status: 'not_produced' }
  return {
    status,
    issues,
    windows: {
      modeling_windowing_method: w.windowing_method,
      history_start_timestamp_utc: w.history_start_timestamp_utc,
      history_end_timestamp_utc: w.history_end_timestamp_utc,
      calibration_start_timestamp_utc: w.calibration_start_timestamp_utc,
      calibration_end_timestamp_utc: w.calibration_end_timestamp_utc,
      evaluation_start_timestamp_utc: w.evaluation_start_timestamp_utc,
      evaluation_end_timestamp_utc: w.evaluation_end_timestamp_utc,
      history_rows: w.history_rows,
      calibration_rows: w.calibration_rows,
      evaluation_rows: w.evaluation_rows,
      cut_ts: w.cut_ts,
      rows_without_timestamp: w.rows_without_timestamp,
      drift_windowing_methods: drift.drift_windowing_methods
    },
    generated_outputs: inputs.generatedOutputs,
    operator_knobs: {
      // section 11's knobs only: the artifact's format is fixed (knobs of later features are not echoed here)
      ...Object.fromEntries(PIPELINE_KNOB_NAMES.map((k) => [k, knobs[k]])),
      MODELING_WINDOWING_METHOD: w.windowing_method,
      ROUTING_MAX_FAIL_RATE: derived.ROUTING_MAX_FAIL_RATE,
      HOTSPOT_FAIL_RATE: derived.HOTSPOT_FAIL_RATE,
      OVERRIDE_GATES: [...inputs.overrideGates],
      DRIFT_DATE_RANGES: inputs.driftDateRanges ?? null
    },
    gate_overrides: report.gates_failed
      .filter((g) => inputs.overrideGates.includes(g))
      .map((g) => {
        const gate = report.gates.find((x) => x.gate === g)
        return { gate: g, offending_count: gate?.offending_count ?? null, detail: gate?.detail ?? null, overridden_at: inputs.generatedAt.toISOString() }
      }),
    summaries: {
      ...routingSummary,
      drift_rows: drift.drift_rows,
      drift_by_window: drift.drift_by_window,
      ...triageSummary,
      health_score: inputs.health.health_score,
      gates_failed: [...report.gates_failed]
    },
    inputs: Object.values(report.tables).map((t) => ({ table: t!.table, file: t!.file, sha256: t!.sha256, rows: t!.rows, rejected_rows: t!.rejected_rows })),
    app_version: inputs.appVersion,
    generated_at: inputs.generatedAt.toISOString().replace(/\.\d{3}Z$/, '+00:00')
  }
}

export function decisionArtifactJson(inputs: DecisionInputs): string {
  return pythonJson(decisionArtifact(inputs), (k) => FLOAT_KEYS.has(k)) + '\n'
}
