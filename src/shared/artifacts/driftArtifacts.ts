/** Serialises the drift blocks into drift_report.csv (PIPELINE.md section 10) and summarises them for the decision artifact. */
import type { DriftBlock } from '../drift'
import { type CsvCell, toCsv } from './csv'

export const DRIFT_REPORT_FILE = 'drift_report.csv'

export const DRIFT_REPORT_COLUMNS = [
  'reference_start_timestamp_utc',
  'reference_end_timestamp_utc',
  'current_start_timestamp_utc',
  'current_end_timestamp_utc',
  'reference_rows',
  'current_rows',
  'windowing_method',
  'feature',
  'type',
  'psi',
  'tv_distance',
  'severity',
  'ks_statistic',
  'ks_pvalue',
  'chi2_pvalue',
  'reference_n',
  'current_n'
] as const

const DRIFT_FLOATS = new Set(['psi', 'tv_distance', 'ks_statistic', 'ks_pvalue', 'chi2_pvalue'])

/** drift_report.csv: one block of rows per window pair, in the order given, each block already sorted. */
export function driftReportCsv(blocks: readonly DriftBlock[]): string {
  const rows: Record<string, CsvCell>[] = []
  for (const { window: w, features } of blocks) {
    for (const f of features) {
      rows.push({
        reference_start_timestamp_utc: w.reference_start_timestamp_utc,
        reference_end_timestamp_utc: w.reference_end_timestamp_utc,
        current_start_timestamp_utc: w.current_start_timestamp_utc,
        current_end_timestamp_utc: w.current_end_timestamp_utc,
        reference_rows: w.reference_rows,
        current_rows: w.current_rows,
        windowing_method: w.windowing_method,
        feature: f.feature,
        type: f.type,
        psi: f.psi,
        tv_distance: f.tv_distance,
        severity: f.severity,
        ks_statistic: f.ks_statistic,
        ks_pvalue: f.ks_pvalue,
        chi2_pvalue: f.chi2_pvalue,
        reference_n: f.reference_n,
        current_n: f.current_n
      })
    }
  }
  return toCsv(DRIFT_REPORT_COLUMNS, rows, DRIFT_FLOATS)
}

/** Per window pair, what the decision artifact lists: row count and the features at medium or high severity. */
export interface DriftWindowSummary {
  rows: number
  medium_high_features: number
  high_features: string[]
  medium_features: string[]
}

export interface DriftDecisionSummary {
  drift_rows: number
  drift_windowing_methods: string[]
  /** keyed by windowing_method, in block order */
  drift_by_window: Record<string, DriftWindowSummary>
}

/** The drift part of decision_artifact.json's summaries and windows. */
export function driftDecisionSummary(blocks: readonly DriftBlock[]): DriftDecisionSummary {
  const byWindow: Record<string, DriftWindowSummary> = {}
  let total = 0
  for (const b of blocks) {
    const high = b.features.filter((f) => f.severity === 'high').map((f) => f.feature)
    const medium = b.features.filter((f) => f.severity === 'medium').map((f) => f.feature)
    byWindow[b.window.windowing_method] = { rows: b.features.length, medium_high_features: high.length + medium.length, high_features: high, medium_features: medium }
    total += b.features.length
  }
  return { drift_rows: total, drift_windowing_methods: blocks.map((b) => b.window.windowing_method), drift_by_window: byWindow }
}
