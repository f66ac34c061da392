/** Pure reading of drift blocks: drift_report.csv in the artifact's columns, severity tones and counts, and the number formats of the drift table. */
import type { DriftBlock, DriftFeatureRow, DriftSeverity } from '../../../../shared/drift'
import { formatNumber, MISSING } from '../../lib/format'
import { artifactCsv, type ArtifactCell } from '../routing/artifactCsv'

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

/** drift_report.csv: one block of rows per window pair, in the order given. */
export function driftReportCsv(blocks: readonly DriftBlock[]): string {
  const rows: Record<string, ArtifactCell>[] = []
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
  return artifactCsv(DRIFT_REPORT_COLUMNS, rows, DRIFT_FLOATS)
}

export const SEVERITY_TONE: Record<DriftSeverity, 'bad' | 'warn' | 'good' | 'neutral'> = { high: 'bad', medium: 'warn', low: 'good', insufficient_data: 'neutral' }

export const SEVERITY_ORDER: readonly DriftSeverity[] = ['high', 'medium', 'low', 'insufficient_data']

/** How the severity was judged (PIPELINE.md section 8). */
export function severityRule(f: Pick<DriftFeatureRow, 'type' | 'severity'>): string {
  if (f.severity === 'insufficient_data') return f.type === 'numeric' ? 'PSI needs ≥ 50 values per side and ≥ 3 distinct bin edges' : 'TV needs rows on both sides'
  return f.type === 'numeric' ? 'PSI ≥ 0.2 high, ≥ 0.1 medium, else low' : 'TV ≥ 0.15 high, ≥ 0.08 medium, else low'
}

export function severityCounts(features: readonly DriftFeatureRow[]): Record<DriftSeverity, number> {
  const out: Record<DriftSeverity, number> = { high: 0, medium: 0, low: 0, insufficient_data: 0 }
  for (const f of features) out[f.severity]++
  return out
}

/** A drift metric (PSI, TV, KS) with four decimals. */
export function formatMetric(v: number | null): string {
  return v === null ? MISSING : formatNumber(v, 4)
}

/** A p-value: four decimals, or scientific below 0.0001 (never a bare 0). */
export function formatPValue(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return MISSING
  if (p === 0) return '< 1e-300'
  if (p < 1e-4) return p.toExponential(1).replace(/e-(\d)$/, 'e-0$1')
  return formatNumber(p, 4)
}
