/** Renders the integrity report as plain text for the terminal. */
import type { IntegrityReport } from '../../shared/types'
import { historyDefinition } from '../../shared/windowsText'

export function formatIntegrityReport(r: IntegrityReport): string {
  const lines: string[] = []
  lines.push('Tables')
  for (const t of Object.values(r.tables)) {
    if (!t) continue
    const extra = [t.rejected_rows ? `${t.rejected_rows} rejected` : '', Object.keys(t.column_mapping).length ? `renamed: ${Object.entries(t.column_mapping).map(([c, s]) => `${s}->${c}`).join(', ')}` : '']
      .filter(Boolean)
      .join('; ')
    lines.push(`  ${t.table.padEnd(13)} ${String(t.rows).padStart(10)} rows  ${t.file}${extra ? `  (${extra})` : ''}`)
  }
  for (const k of r.tables_absent) lines.push(`  ${k.padEnd(13)}     absent`)
  lines.push('', 'Integrity gates')
  for (const g of r.gates) {
    const mark = g.status === 'pass' ? 'PASS' : g.status === 'fail' ? 'FAIL' : 'SKIP'
    const ex = g.examples.length ? `  e.g. ${g.examples.join(', ')}` : ''
    lines.push(`  ${mark}  ${g.gate.padEnd(44)} ${g.status === 'skipped' ? (g.reason ?? '') : `${g.offending_count} offending${g.detail ? ` (${g.detail})` : ''}`}${ex}`)
  }
  const w = r.windows
  lines.push('', `Windows (${w.windowing_method ?? 'none: no timestamps'}): ${historyDefinition(w.windowing_method)}`)
  lines.push(`  history     ${String(w.history_rows).padStart(10)} rows  ${w.history_start_timestamp_utc ?? ''} .. ${w.history_end_timestamp_utc ?? ''}`)
  lines.push(`  calibration ${String(w.calibration_rows).padStart(10)} rows  ${w.calibration_start_timestamp_utc ?? ''} .. ${w.calibration_end_timestamp_utc ?? ''}`)
  lines.push(`  evaluation  ${String(w.evaluation_rows).padStart(10)} rows  ${w.evaluation_start_timestamp_utc ?? ''} .. ${w.evaluation_end_timestamp_utc ?? ''}`)
  if (w.rows_without_timestamp) lines.push(`  ${w.rows_without_timestamp} rows without a timestamp are in no window`)
  if (r.problems.length) {
    lines.push('', 'Problems')
    for (const p of r.problems) lines.push(`  ${p.severity === 'error' ? 'ERROR' : 'warn '} ${p.message}`)
  }
  lines.push('', r.blocked ? `STOP-SHIP: failed gate(s) ${r.gates_failed.join(', ')}` : 'All gates passed or were skipped.')
  return lines.join('\n')
}
