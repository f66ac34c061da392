/** integrity_report.json: the ingest report without machine-local paths, floats printed as Python does. */
import type { IntegrityReport } from '../../shared/types'
import { pythonJson } from '../../shared/artifacts/analysisArtifacts'

export function integrityReportJson(report: IntegrityReport, overrideGates: readonly string[] = []): string {
  const tables = Object.fromEntries(
    Object.entries(report.tables).map(([k, t]) => {
      const { path: _path, ...rest } = t!
      return [k, rest]
    })
  )
  const overridden = report.gates_failed.filter((g) => overrideGates.includes(g))
  const out = {
    tables,
    tables_absent: report.tables_absent,
    gates: report.gates.map((g) => (overridden.includes(g.gate) ? { ...g, overridden: true } : g)),
    gates_failed: report.gates_failed,
    gates_overridden: overridden,
    blocked: report.gates_failed.some((g) => !overrideGates.includes(g)),
    is_failure_was_missing: report.is_failure_was_missing,
    timestamps_unparsed: report.timestamps_unparsed,
    normalisation_notes: report.normalisation_notes,
    windows: report.windows,
    problems: report.problems,
    ...(report.sample_rate ? { sample_rate: report.sample_rate } : {})
  }
  return pythonJson(out, (k) => k === 'missing_share' || k === 'share') + '\n'
}
