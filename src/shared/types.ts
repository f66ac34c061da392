/** Plain result types shared by the backend, the CLI and the renderer (structured-clone safe). */
import type { TableKind } from './schema'

export type GateStatus = 'pass' | 'fail' | 'skipped'

export interface GateResult {
  gate: string
  status: GateStatus
  offending_count: number
  /** up to 5 offending keys */
  examples: string[]
  detail?: string
  reason?: string
  missing_share?: number
  /** true when the operator overrode this failed gate */
  overridden?: boolean
  /** pii_in_responses: share of scanned responses with a finding, the responses scanned, findings per entity type */
  share?: number
  scanned?: number
  by_type?: Record<string, number>
}

export interface RejectedRow {
  file: string
  line: number | null
  column: string | null
  reason: string
}

export interface TableInfo {
  table: TableKind
  file: string
  path: string
  rows: number
  bytes: number
  sha256: string
  rejected_rows: number
  rejected_examples: RejectedRow[]
  /** canonical column -> source column, only for renamed columns */
  column_mapping: Record<string, string>
  source_columns: string[]
  unknown_columns: string[]
  duplicate_columns: string[]
  delimiter: string
  encoding: 'utf-8' | 'latin-1'
  notes: string[]
}

/** A file that could not be used, with what and where. */
export interface LoadProblem {
  file: string
  table?: TableKind
  line?: number
  message: string
  severity: 'error' | 'warning'
}

export type WindowingMethod = 'dataset_split' | 'session_safe_time_split'

export interface WindowsInfo {
  windowing_method: WindowingMethod | null
  calibration_source: 'val_split' | 'time_tail_of_history' | 'fit_rows_fallback' | null
  evaluation_window: string | null
  history_rows: number
  history_start_timestamp_utc: string | null
  history_end_timestamp_utc: string | null
  calibration_rows: number
  calibration_start_timestamp_utc: string | null
  calibration_end_timestamp_utc: string | null
  evaluation_rows: number
  evaluation_start_timestamp_utc: string | null
  evaluation_end_timestamp_utc: string | null
  fit_rows: number
  fit_start_timestamp_utc: string | null
  fit_end_timestamp_utc: string | null
  cut_ts: string | null
  rows_without_timestamp: number
}

/**
 * The dump carries a sampling weight (`sample_rate`: how many source rows one row stands for). Present
 * only then; the Overview, Hotspots and Costs weight their numbers by it.
 */
export interface SampleRateInfo {
  /** the source column that became sample_rate (its name in the file) */
  source_column: string
  /** rows whose weight is used as written: a number >= 1 */
  valid_rows: number
  /** rows whose sample_rate is missing, not a number, infinite or below 1: they count with weight 1 */
  invalid_rows: number
  /** sum of the weights used (the number of source rows the dump stands for) */
  weighted_rows: number
  /** smallest and largest valid sample_rate; null when no row has one */
  min: number | null
  max: number | null
}

export interface IntegrityReport {
  tables: Partial<Record<TableKind, TableInfo>>
  tables_absent: TableKind[]
  gates: GateResult[]
  gates_failed: string[]
  gates_overridden: string[]
  blocked: boolean
  is_failure_was_missing: number
  timestamps_unparsed: number
  normalisation_notes: { derived_columns: string[]; timestamp_source?: string }
  windows: WindowsInfo
  problems: LoadProblem[]
  /** set only when the interactions carry a sample_rate column */
  sample_rate?: SampleRateInfo
}

export interface DatasetSummary {
  id: number
  label: string
  isDemo: boolean
  engine: 'native' | 'wasm'
  loadedAt: string
  loadMs: number
  report: IntegrityReport
  /** first and last timestamp_utc over all rows (ISO, UTC), null when no row has one */
  timeRange: { first_utc: string | null; last_utc: string | null }
}

export interface FailureTypeShare {
  failure_type: string
  count: number
  share: number
}

export interface HealthSnapshot {
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
  failure_type_mix: FailureTypeShare[]
  health_score: number | null
  health_score_unrounded: number | null
}

export interface ProgressEvent {
  jobId: number
  phase: string
  /** 0..1, or null when indeterminate */
  fraction: number | null
  detail?: string
  /** what the job works on ('demo data', the paths being loaded), so any window can name it */
  label?: string
}
