/** Plain result types of the triage threshold analysis (PIPELINE.md section 9), shared by the backend, the CLI and the renderer. */

export type TriageOperatingMode = 'conservative_review_all_equivalent' | 'capacity_bound' | 'cost_optimal'

/** The label the model predicts, as the artifacts name it. */
export const TRIAGE_LABEL_DEFINITION = 'is_failure (post-call failure triage)'

/** One policy's outcome on the evaluation rows (the columns of triage_baseline_comparison.csv). */
export interface TriagePolicyMetrics {
  policy: string
  expected_cost: number
  reviewed_rows: number
  review_share: number
  mean_reviews_per_day: number
  p90_reviews_per_day: number
  tn: number
  fp: number
  fn: number
  tp: number
  precision: number
  recall: number
}

/** One swept threshold (the columns of triage_threshold_curve.csv). */
export interface TriageCurveRow extends TriagePolicyMetrics {
  threshold: number
  feasible: boolean
}

/** One evaluation row of the review queue (the columns of triage_actions_preview.csv). */
export interface TriageQueueRow {
  interaction_id: string | null
  /** `YYYY-MM-DD HH:MM:SS+00:00` */
  timestamp_utc: string
  use_case: string | null
  model_provider: string | null
  model_name: string | null
  cost_usd: number | null
  latency_ms: number | null
  proba_failure: number
  action_review: boolean
}

/** Windows the model used, as triage_threshold_policy.json's time_split reports them (over the scope). */
export interface TriageTimeSplit {
  windowing_method: 'dataset_split' | 'session_safe_time_split' | null
  history_start_timestamp_utc: string | null
  history_end_timestamp_utc: string | null
  /** 'fit_rows_fallback' when the calibration window was empty or held one class */
  calibration_source: 'val_split' | 'time_tail_of_history' | 'fit_rows_fallback' | null
  calibration_start_timestamp_utc: string | null
  calibration_end_timestamp_utc: string | null
  evaluation_start_timestamp_utc: string | null
  evaluation_end_timestamp_utc: string | null
  cut_ts: string | null
  fit_start_timestamp_utc: string | null
  fit_end_timestamp_utc: string | null
}

export interface TriageRowCounts {
  fit: number
  /** rows of the calibration window (even when the fit rows were used instead) */
  calibration: number
  evaluation: number
}

/** The fitted model and its calibration, summarised. */
export interface TriageModelSummary {
  /** Newton steps of the L2 logistic regression */
  lr_n_iter: number
  lr_converged: boolean
  /** gradient norm at the returned weights */
  lr_grad_norm: number
  /** one-hot expanded design width (numeric features + fit categories) */
  n_inputs: number
  platt_A: number
  platt_B: number
  platt_converged: boolean
  /** 'fit_rows_fallback' when Platt scaling was fitted on the fit rows */
  calibration_fallback: 'fit_rows_fallback' | null
  /** rows Platt scaling was fitted on */
  calibration_rows_used: number
}

export interface TriageMetrics {
  /** null when the evaluation rows hold one class */
  roc_auc: number | null
  /** null when the evaluation rows hold no failure */
  avg_precision: number | null
  test_base_rate: number
  test_size: number
}

/** Evaluation values of a categorical feature that the fit rows never saw (they encode as all zeros). */
export interface TriageUnseenCategories {
  feature: string
  rows: number
  /** up to 5 values, most frequent first */
  examples: string[]
}

/** One point of the ROC curve: false- and true-positive rate when every row scoring at or above some threshold is flagged. */
export interface TriageRocPoint {
  fpr: number
  tpr: number
}

/** One point of the precision-recall curve at a distinct score threshold (rows tied at it enter together). */
export interface TriagePrPoint {
  recall: number
  precision: number
}

/** Most points a ROC or precision-recall curve holds (the ends are always kept exactly). */
export const TRIAGE_CURVE_MAX_POINTS = 200

/** A triage analysis that produced a model, a threshold and a queue. */
export interface TriageReady {
  status: 'ok'
  label_definition: string
  features_num: string[]
  features_cat: string[]
  rows: TriageRowCounts
  time_split: TriageTimeSplit
  model: TriageModelSummary
  metrics: TriageMetrics
  threshold: number
  operating_mode: TriageOperatingMode
  /** no threshold met the capacity guard; the lowest-cost one was chosen anyway */
  capacity_infeasible_flag: boolean
  selected_policy_metrics: TriagePolicyMetrics
  cost_optimal_threshold: number
  cost_optimal_feasible: boolean
  days_in_evaluation: number
  curve: TriageCurveRow[]
  /** selected_threshold, review_all, top_<CAPACITY_PER_DAY>_per_day, review_none */
  comparison: TriagePolicyMetrics[]
  unseen_categories: TriageUnseenCategories[]
  /**
   * ROC curve of the evaluation probabilities, from (0, 0) to (1, 1) by descending threshold, collinear
   * points dropped, then at most TRIAGE_CURVE_MAX_POINTS; empty when the evaluation rows hold one class
   */
  roc_curve: TriageRocPoint[]
  /**
   * precision-recall curve by descending threshold, from the top score to recall 1 (every row flagged),
   * at most TRIAGE_CURVE_MAX_POINTS; empty when the evaluation rows hold no failure
   */
  pr_curve: TriagePrPoint[]
  /** every evaluation row: action_review first, then proba_failure descending, ties by interaction_id */
  queue: TriageQueueRow[]
  /** failed gates not overridden: the artifacts are marked blocked_by_gate while this is non-empty */
  blocked_by: string[]
}

export type TriageUnavailableReason = 'no_fit_rows' | 'fit_single_class' | 'no_evaluation_rows' | 'no_features'

/** A triage analysis that could not produce a model or a sweep, and why. */
export interface TriageUnavailable {
  status: 'unavailable'
  reason: TriageUnavailableReason
  /** an operator-readable sentence */
  detail: string
  label_definition: string
  features_num: string[]
  features_cat: string[]
  rows: TriageRowCounts
  time_split: TriageTimeSplit
  blocked_by: string[]
}

export type TriageResult = TriageReady | TriageUnavailable

/** Progress of a triage run: the phase and its share of the whole (0..1). */
export interface TriageProgress {
  phase: string
  fraction: number | null
}
