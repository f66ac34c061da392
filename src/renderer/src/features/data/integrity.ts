/** Pure readings of an IntegrityReport for the Data page: gate names and tallies, tables in order, window rows, problem counts. */
import { TABLE_KINDS, type TableKind } from '../../../../shared/schema'
import type { GateResult, GateStatus, IntegrityReport, TableInfo, WindowsInfo } from '../../../../shared/types'
import { windowUse } from '../../../../shared/windowsText'

export const TABLE_LABELS: Record<TableKind, string> = {
  interactions: 'Interactions',
  sessions: 'Sessions',
  users: 'Users',
  prompts: 'Prompts',
  samples: 'Instruction samples'
}

/** A readable name for a gate id; the id itself stays visible next to it (it is what the CLI and artifacts print). */
export function gateTitle(gate: string): string {
  const pk = /^pk_(interactions|sessions|users|prompts|samples)_(.+)_unique$/.exec(gate)
  if (pk) return `${pk[1]}.${pk[2]} is unique`
  const fk = /^fk_(interactions|sessions|users|prompts|samples)_(.+)_in_(interactions|sessions|users|prompts|samples)$/.exec(gate)
  if (fk) return `every ${fk[1]}.${fk[2]} exists in ${fk[3]}`
  switch (gate) {
    case 'samples_interaction_id_unique':
      return 'samples.interaction_id is unique'
    case 'token_accounting':
      return 'total_tokens = prompt_tokens + completion_tokens'
    case 'latency_missing_rate':
      return 'latency_ms missing share within limit'
    case 'cost_missing_rate':
      return 'cost_usd missing share within limit'
    case 'session_leakage_history_vs_evaluation':
      return 'no session in both history and evaluation'
    case 'pii_in_responses':
      return 'responses carrying PII or secrets within limit'
    default:
      return gate.replace(/_/g, ' ')
  }
}

export interface GateTally {
  total: number
  pass: number
  fail: number
  skipped: number
  /** failed but overridden by the operator (counted in fail too) */
  overridden: number
}

export function tallyGates(gates: readonly GateResult[]): GateTally {
  const t: GateTally = { total: gates.length, pass: 0, fail: 0, skipped: 0, overridden: 0 }
  for (const g of gates) {
    t[g.status]++
    if (g.status === 'fail' && g.overridden) t.overridden++
  }
  return t
}

export const GATE_STATUS_LABEL: Record<GateStatus, string> = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIPPED' }
export const GATE_STATUS_TONE: Record<GateStatus, 'good' | 'bad' | 'neutral'> = { pass: 'good', fail: 'bad', skipped: 'neutral' }

/** Failed gates first (they need attention), then passed, then skipped; the report's order within each. */
export function orderGates(gates: readonly GateResult[]): GateResult[] {
  const rank: Record<GateStatus, number> = { fail: 0, pass: 1, skipped: 2 }
  return gates.map((g, i) => ({ g, i })).sort((a, b) => rank[a.g.status] - rank[b.g.status] || a.i - b.i).map((x) => x.g)
}

/** Loaded tables in canonical order. */
export function tablesInOrder(report: IntegrityReport): TableInfo[] {
  return TABLE_KINDS.map((k) => report.tables[k]).filter((t): t is TableInfo => !!t)
}

export function totalRejected(report: IntegrityReport): number {
  return tablesInOrder(report).reduce((n, t) => n + t.rejected_rows, 0)
}

/** Column mapping as rows "source column -> canonical field", sorted by canonical name. */
export function mappingRows(t: TableInfo): { source: string; canonical: string }[] {
  return Object.entries(t.column_mapping)
    .map(([canonical, source]) => ({ canonical, source }))
    .sort((a, b) => a.canonical.localeCompare(b.canonical))
}

export interface WindowRow {
  key: 'history' | 'calibration' | 'evaluation' | 'fit'
  label: string
  rows: number
  start: string | null
  end: string | null
  note: string
}

/** The windows of PIPELINE.md section 3 as table rows. */
export function windowRows(w: WindowsInfo): WindowRow[] {
  return [
    { key: 'history', label: 'History', rows: w.history_rows, start: w.history_start_timestamp_utc, end: w.history_end_timestamp_utc, note: windowUse(w.windowing_method, 'history') },
    {
      key: 'calibration',
      label: 'Calibration',
      rows: w.calibration_rows,
      start: w.calibration_start_timestamp_utc,
      end: w.calibration_end_timestamp_utc,
      note: windowUse(w.windowing_method, 'calibration')
    },
    { key: 'evaluation', label: 'Evaluation', rows: w.evaluation_rows, start: w.evaluation_start_timestamp_utc, end: w.evaluation_end_timestamp_utc, note: windowUse(w.windowing_method, 'evaluation') },
    { key: 'fit', label: 'Model fit', rows: w.fit_rows, start: w.fit_start_timestamp_utc, end: w.fit_end_timestamp_utc, note: windowUse(w.windowing_method, 'fit') }
  ]
}

export const WINDOWING_LABEL: Record<string, string> = {
  dataset_split: 'dataset split (train / val / test column)',
  session_safe_time_split: 'session-safe time split'
}

export const CALIBRATION_SOURCE_LABEL: Record<string, string> = {
  val_split: 'the val split',
  time_tail_of_history: 'the time tail of history',
  fit_rows_fallback: 'the fit rows (fallback: the calibration window was empty or one class)'
}

export function problemCounts(report: IntegrityReport): { errors: number; warnings: number } {
  let errors = 0
  let warnings = 0
  for (const p of report.problems) {
    if (p.severity === 'error') errors++
    else warnings++
  }
  return { errors, warnings }
}
