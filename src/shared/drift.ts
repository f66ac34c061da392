/** Plain result types of the drift report (PIPELINE.md section 8), shared by the backend, the CLI and the renderer. */

export type DriftSeverity = 'high' | 'medium' | 'low' | 'insufficient_data'

export type DriftFeatureType = 'numeric' | 'categorical'

/** Which window pair a block compares. */
export type DriftWindowKind = 'history_vs_evaluation' | 'temporal_early_vs_recent' | 'date_ranges'

/** An inclusive range of UTC days, both ends `YYYY-MM-DD`. */
export interface DriftDateRange {
  from: string
  to: string
}

/** Two operator-picked date ranges for the optional third block. */
export interface DriftDateRanges {
  reference: DriftDateRange
  current: DriftDateRange
}

/** The two windows of one block and what they hold (the first seven columns of drift_report.csv). */
export interface DriftWindowPair {
  kind: DriftWindowKind
  /**
   * drift_report.csv's windowing_method: the section-3 method for history vs evaluation
   * ('dataset_split' | 'session_safe_time_split', 'none' when nothing is windowed),
   * 'temporal_early_vs_recent', or 'date_ranges'.
   */
  windowing_method: string
  /** `YYYY-MM-DD HH:MM:SS+00:00`; null when the window is empty */
  reference_start_timestamp_utc: string | null
  reference_end_timestamp_utc: string | null
  current_start_timestamp_utc: string | null
  current_end_timestamp_utc: string | null
  reference_rows: number
  current_rows: number
  /** the operator's ranges, for the date_ranges block */
  date_ranges?: DriftDateRanges
}

/** Reference vs current over the PSI bins: `edges` (k+1 values) and each side's share per bin (unclipped). */
export interface NumericDriftDistribution {
  type: 'numeric'
  edges: number[]
  reference: number[]
  current: number[]
}

/** Reference vs current share per category (null is a category of its own), largest first. */
export interface CategoricalDriftDistribution {
  type: 'categorical'
  categories: (string | null)[]
  reference: number[]
  current: number[]
}

export type DriftDistribution = NumericDriftDistribution | CategoricalDriftDistribution

/** One feature of one block (the remaining columns of drift_report.csv, plus what the Drift page overlays). */
export interface DriftFeatureRow {
  feature: string
  type: DriftFeatureType
  /** numeric only; null when either side has fewer than 50 values or fewer than 3 bin edges remain */
  psi: number | null
  /** categorical only; null when either side is empty */
  tv_distance: number | null
  severity: DriftSeverity
  /** numeric only (two-sample Kolmogorov-Smirnov); null when either side is empty */
  ks_statistic: number | null
  ks_pvalue: number | null
  /** categorical only (Pearson, no continuity correction); null when either side is empty */
  chi2_pvalue: number | null
  /** values compared: finite values for numeric features, rows for categorical ones */
  reference_n: number
  current_n: number
  /** null when the metric could not be computed (PSI needs its bins; TV needs both sides non-empty) */
  distribution: DriftDistribution | null
}

/** One window pair and its features, sorted by severity, then PSI, then TV (descending), then feature name. */
export interface DriftBlock {
  window: DriftWindowPair
  features: DriftFeatureRow[]
}
