/** Serialises a triage result into triage_threshold_policy.json, the threshold curve, the baseline comparison and the review queue (PIPELINE.md section 10). */
import type { Knobs } from '../knobs'
import type { TriageOperatingMode, TriagePolicyMetrics, TriageReady, TriageResult } from '../triage'
import { pythonJson } from './analysisArtifacts'
import { type CsvCell, toCsv } from './csv'

export const TRIAGE_ARTIFACT_FILES = {
  policy: 'triage_threshold_policy.json',
  curve: 'triage_threshold_curve.csv',
  comparison: 'triage_baseline_comparison.csv',
  actions: 'triage_actions_preview.csv'
} as const

/** Rows of triage_actions_preview.csv the CLI writes; the app exports the whole queue. */
export const CLI_ACTIONS_PREVIEW_LIMIT = 2000

export const TRIAGE_COMPARISON_COLUMNS = [
  'policy',
  'expected_cost',
  'reviewed_rows',
  'review_share',
  'mean_reviews_per_day',
  'p90_reviews_per_day',
  'tn',
  'fp',
  'fn',
  'tp',
  'precision',
  'recall'
] as const

export const TRIAGE_CURVE_COLUMNS = [...TRIAGE_COMPARISON_COLUMNS, 'threshold', 'feasible'] as const

export const TRIAGE_ACTIONS_COLUMNS = [
  'interaction_id',
  'timestamp_utc',
  'use_case',
  'model_provider',
  'model_name',
  'cost_usd',
  'latency_ms',
  'proba_failure',
  'action_review'
] as const

const METRIC_FLOATS = ['expected_cost', 'review_share', 'mean_reviews_per_day', 'p90_reviews_per_day', 'precision', 'recall']
const COMPARISON_FLOATS = new Set(METRIC_FLOATS)
const CURVE_FLOATS = new Set([...METRIC_FLOATS, 'threshold'])
const ACTIONS_FLOATS = new Set(['cost_usd', 'latency_ms', 'proba_failure'])
/** Keys of the policy JSON whose numbers Python wrote as floats (2.0, not 2). */
const POLICY_FLOAT_KEYS = new Set([
  ...METRIC_FLOATS,
  'threshold',
  'review_cost',
  'fn_cost',
  'roc_auc',
  'avg_precision',
  'test_base_rate',
  'platt_A',
  'platt_B',
  'cost_optimal_threshold'
])

/** What the operator should do with the threshold, by operating mode (a failed gate overrides everything). */
export function triageRecommendation(mode: TriageOperatingMode, capacityInfeasible: boolean, blockedBy: readonly string[] = []): string {
  if (blockedBy.length > 0) {
    return `Blocked by failed integrity gate(s): ${blockedBy.join(', ')}. Fix the data or record an explicit override before acting on this threshold.`
  }
  switch (mode) {
    case 'cost_optimal':
      return 'Roll out the selected threshold in shadow mode, then enforce.'
    case 'conservative_review_all_equivalent':
      return 'Use as a conservative baseline or lower false-negative cost / add stronger features before rollout.'
    case 'capacity_bound':
      return capacityInfeasible
        ? 'No threshold fits the review capacity (CAPACITY_PER_DAY / CAPACITY_P90_GUARD); the lowest-cost threshold is shown for reference only. Add review capacity or narrow the scope before rollout.'
        : 'Review capacity binds: the cost-optimal threshold would exceed it, so the cheapest capacity-feasible threshold was selected. Run it in shadow mode, and add review capacity if the cost gap justifies it.'
  }
}

export interface TriagePolicyOptions {
  /** failed, non-overridden gates; defaults to the result's own blocked_by */
  blockedBy?: readonly string[]
  /** paths written into the JSON (relative to the artifact folder) */
  baselineComparisonPath?: string
  thresholdCurvePath?: string
}

/** The policy object in the key order of triage_threshold_policy.json. */
export function triagePolicy(result: TriageResult, knobs: Knobs, opts: TriagePolicyOptions = {}): Record<string, unknown> {
  const blockedBy = [...(opts.blockedBy ?? result.blocked_by)]
  const economics = {
    review_cost: knobs.REVIEW_COST,
    fn_cost: knobs.TRIAGE_FN_COST_USD,
    capacity_per_day: knobs.CAPACITY_PER_DAY,
    capacity_p90_guard: knobs.CAPACITY_P90_GUARD
  }
  const paths = {
    baseline_comparison_path: opts.baselineComparisonPath ?? TRIAGE_ARTIFACT_FILES.comparison,
    threshold_curve_path: opts.thresholdCurvePath ?? TRIAGE_ARTIFACT_FILES.curve
  }
  if (result.status !== 'ok') {
    return {
      status: blockedBy.length > 0 ? 'blocked_by_gate' : 'not_produced',
      blocked_by: blockedBy,
      reason: result.reason,
      detail: result.detail,
      label_definition: result.label_definition,
      threshold: null,
      operating_mode: null,
      capacity_infeasible_flag: null,
      recommendation: `No triage threshold: ${result.detail}. Keep the current review practice.`,
      selected_policy_metrics: null,
      time_split: { ...result.time_split },
      features_num: result.features_num,
      features_cat: result.features_cat,
      economics,
      metrics: null,
      model: null,
      cost_optimal_threshold: null,
      cost_optimal_feasible: null,
      days_in_evaluation: null,
      baseline_comparison_path: null,
      threshold_curve_path: null
    }
  }
  return {
    status: blockedBy.length > 0 ? 'blocked_by_gate' : 'ok',
    blocked_by: blockedBy,
    label_definition: result.label_definition,
    threshold: result.threshold,
    operating_mode: result.operating_mode,
    capacity_infeasible_flag: result.capacity_infeasible_flag,
    recommendation: triageRecommendation(result.operating_mode, result.capacity_infeasible_flag, blockedBy),
    selected_policy_metrics: metricsObject(result.selected_policy_metrics),
    time_split: { ...result.time_split },
    features_num: result.features_num,
    features_cat: result.features_cat,
    economics,
    metrics: { ...result.metrics },
    model: {
      lr_n_iter: result.model.lr_n_iter,
      platt_A: result.model.platt_A,
      platt_B: result.model.platt_B,
      calibration_fallback: result.model.calibration_fallback
    },
    cost_optimal_threshold: result.cost_optimal_threshold,
    cost_optimal_feasible: result.cost_optimal_feasible,
    days_in_evaluation: result.days_in_evaluation,
    ...paths
  }
}

function metricsObject(m: TriagePolicyMetrics): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const c of TRIAGE_COMPARISON_COLUMNS) out[c] = m[c]
  return out
}

/**
 * triage_threshold_policy.json: status 'ok', 'blocked_by_gate' while a failed gate is not
 * overridden (the numbers are still there so the operator sees what is held back), or
 * 'not_produced' with a reason when the analysis could not fit a model.
 */
export function triagePolicyJson(result: TriageResult, knobs: Knobs, opts: TriagePolicyOptions = {}): string {
  return pythonJson(triagePolicy(result, knobs, opts), (key) => POLICY_FLOAT_KEYS.has(key)) + '\n'
}

/** triage_threshold_curve.csv: thresholds 0.05..0.95. */
export function triageCurveCsv(result: TriageReady): string {
  return toCsv(TRIAGE_CURVE_COLUMNS, result.curve as unknown as Record<string, CsvCell>[], CURVE_FLOATS)
}

/** triage_baseline_comparison.csv: selected_threshold, review_all, top_N_per_day, review_none. */
export function triageBaselineComparisonCsv(result: TriageReady): string {
  return toCsv(TRIAGE_COMPARISON_COLUMNS, result.comparison as unknown as Record<string, CsvCell>[], COMPARISON_FLOATS)
}

/** triage_actions_preview.csv: the first `limit` rows of the review queue (all when omitted). */
export function triageActionsCsv(result: TriageReady, limit = Infinity): string {
  const rows = Number.isFinite(limit) ? result.queue.slice(0, Math.max(0, Math.floor(limit))) : result.queue
  return toCsv(TRIAGE_ACTIONS_COLUMNS, rows as unknown as Record<string, CsvCell>[], ACTIONS_FLOATS)
}

/** The triage part of decision_artifact.json's summaries. */
export function triageDecisionSummary(result: TriageResult, blockedBy: readonly string[] = result.blocked_by): Record<string, unknown> {
  const status = blockedBy.length > 0 ? 'blocked_by_gate' : result.status === 'ok' ? 'ok' : 'not_produced'
  if (result.status !== 'ok') {
    return { triage_status: status, triage_reason: result.reason, triage_detail: result.detail, triage_label_definition: result.label_definition }
  }
  return {
    triage_status: status,
    triage_operating_mode: result.operating_mode,
    triage_threshold: result.threshold,
    triage_metrics: { ...result.metrics },
    triage_selected_policy_metrics: metricsObject(result.selected_policy_metrics),
    triage_baseline_policies: result.comparison.map((c) => c.policy),
    triage_label_definition: result.label_definition
  }
}
