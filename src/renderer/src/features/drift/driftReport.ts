/** Pure reading of drift blocks: drift_report.csv in the artifact's columns, severity tones and counts, and the number formats of the drift table. */
import type { DriftFeatureRow, DriftSeverity } from '../../../../shared/drift'
import { formatNumber, MISSING } from '../../lib/format'

// The artifact itself is written by the same code as the CLI's (src/shared/artifacts).
export { DRIFT_REPORT_COLUMNS, DRIFT_REPORT_FILE, driftReportCsv } from '../../../../shared/artifacts/driftArtifacts'

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
