/** Test support for the analysis tests: builds a hand-written `interactions` table (as ingest leaves it) and an AnalysisContext around it. */
import { DEFAULT_KNOBS, type Knobs } from '../../shared/knobs'
import { INTERACTION_COLUMNS, OPTIONAL_INTERACTION_COLUMNS } from '../../shared/schema'
import type { Scope } from '../../shared/scope'
import type { IntegrityReport, WindowsInfo } from '../../shared/types'
import type { Engine, EngineKind, SqlValue } from '../engine/engine'
import { ident } from '../ingest/sql'
import type { AnalysisContext } from './context'

/** Both engines: the analysis suites run on each. */
export const ENGINE_KINDS: EngineKind[] = ['native', 'wasm']

/** One row; unspecified columns are null, flags and is_failure false, in_history false. Timestamps as 'YYYY-MM-DD HH:MM:SS' (UTC). */
export type FixtureRow = Partial<Record<string, SqlValue>>

const SQL_TYPES = { text: 'VARCHAR', double: 'DOUBLE', flag: 'BOOLEAN', timestamp: 'TIMESTAMP' } as const

const COLUMNS: [string, string][] = [
  ...Object.entries(INTERACTION_COLUMNS).map(([c, t]): [string, string] => [c, SQL_TYPES[t]]),
  ['is_failure_was_missing', 'BOOLEAN'],
  ['in_history', 'BOOLEAN'],
  ['win_role', 'VARCHAR']
]
const TYPE_OF = new Map([...COLUMNS, ...Object.entries(OPTIONAL_INTERACTION_COLUMNS).map(([c, t]): [string, string] => [c, SQL_TYPES[t]])])

/**
 * Replaces `interactions` with exactly these rows (inserted in order, so rowid is the array index).
 * Optional canonical columns (sample_rate) exist only when named in `optional`, as after ingest.
 */
export async function loadInteractions(engine: Engine, rows: readonly FixtureRow[], optional: readonly string[] = []): Promise<void> {
  const columns: [string, string][] = [...COLUMNS, ...optional.map((c): [string, string] => [c, TYPE_OF.get(c) ?? 'VARCHAR'])]
  const defs = columns.map(([c, t]) => `${ident(c)} ${t}${t === 'BOOLEAN' ? ' DEFAULT false' : ''}`)
  await engine.run(`CREATE OR REPLACE TABLE interactions (${defs.join(', ')})`)
  for (const row of rows) {
    const cols = Object.keys(row).filter((c) => row[c] !== undefined)
    for (const c of cols) if (!columns.some(([name]) => name === c)) throw new Error(`fixture column ${c} is not an interactions column`)
    if (cols.length === 0) {
      await engine.run('INSERT INTO interactions DEFAULT VALUES')
      continue
    }
    await engine.run(
      `INSERT INTO interactions (${cols.map(ident).join(', ')}) VALUES (${cols.map((c) => `CAST(? AS ${TYPE_OF.get(c)})`).join(', ')})`,
      cols.map((c) => row[c] ?? null)
    )
  }
}

/** n copies of a row. */
export function times(n: number, row: FixtureRow): FixtureRow[] {
  return Array.from({ length: n }, () => ({ ...row }))
}

const EMPTY_WINDOWS: WindowsInfo = {
  windowing_method: 'dataset_split',
  calibration_source: 'val_split',
  evaluation_window: "split == 'test'",
  history_rows: 0,
  history_start_timestamp_utc: null,
  history_end_timestamp_utc: null,
  calibration_rows: 0,
  calibration_start_timestamp_utc: null,
  calibration_end_timestamp_utc: null,
  evaluation_rows: 0,
  evaluation_start_timestamp_utc: null,
  evaluation_end_timestamp_utc: null,
  fit_rows: 0,
  fit_start_timestamp_utc: null,
  fit_end_timestamp_utc: null,
  cut_ts: null,
  rows_without_timestamp: 0
}

/** A minimal report: no gate failed unless `gatesFailed` says so. */
export function fixtureReport(gatesFailed: string[] = []): IntegrityReport {
  return {
    tables: {},
    tables_absent: [],
    gates: [],
    gates_failed: gatesFailed,
    gates_overridden: [],
    blocked: gatesFailed.length > 0,
    is_failure_was_missing: 0,
    timestamps_unparsed: 0,
    normalisation_notes: { derived_columns: [] },
    windows: EMPTY_WINDOWS,
    problems: []
  }
}

/** A report of a dump that carries sample_rate (every weight valid unless `invalid` says otherwise). */
export function weightedReport(weightedRows: number, invalid = 0): IntegrityReport {
  return { ...fixtureReport(), sample_rate: { source_column: 'sample_rate', valid_rows: 0, invalid_rows: invalid, weighted_rows: weightedRows, min: 1, max: null } }
}

/** A context over the engine with default knobs (merged with `knobs`), an empty scope unless given. */
export function fixtureContext(
  engine: Engine,
  opts: { knobs?: Partial<Knobs>; scope?: Scope; report?: IntegrityReport; overrideGates?: string[] } = {}
): AnalysisContext {
  return {
    engine,
    knobs: { ...DEFAULT_KNOBS, ...opts.knobs },
    scope: opts.scope ?? {},
    report: opts.report ?? fixtureReport(),
    overrideGates: opts.overrideGates ?? []
  }
}
