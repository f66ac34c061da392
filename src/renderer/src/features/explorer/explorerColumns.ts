/** Pure column model of the Explorer: the interactions table's columns and their kinds, which are shown, and the sort and column choice as URL parameters. */
import type { SortingState, VisibilityState } from '@tanstack/react-table'
import { DEFAULT_EXPLORER_COLUMNS, type CellValue } from '../../../../shared/explorer'
import { INTERACTION_COLUMNS } from '../../../../shared/schema'

export type ColumnKind = 'text' | 'number' | 'flag' | 'timestamp'

export interface ExplorerColumn {
  name: string
  kind: ColumnKind
}

/** Bookkeeping columns of the loaded table (analysis windows) that the backend does not serve to the Explorer. */
export const INTERNAL_COLUMNS: ReadonlySet<string> = new Set(['in_history', 'win_role'])

/** The statement that lists the table's columns (run through the SQL console's read-only runSql). */
export const DESCRIBE_INTERACTIONS_SQL = 'SELECT column_name, column_type FROM (DESCRIBE interactions)'

/** The kind of a DuckDB column type: how a cell is aligned, formatted and written. */
export function kindOfType(type: string): ColumnKind {
  const t = type.toUpperCase()
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'timestamp'
  if (t === 'BOOLEAN') return 'flag'
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)$/.test(t)) return 'number'
  return 'text'
}

const SCHEMA_KIND: Record<string, ColumnKind> = { double: 'number', flag: 'flag', timestamp: 'timestamp', text: 'text' }

/** The default columns with the kinds the canonical schema gives them: what the page shows when the column list cannot be read. */
export function fallbackColumns(): ExplorerColumn[] {
  return DEFAULT_EXPLORER_COLUMNS.map((name) => ({ name, kind: SCHEMA_KIND[INTERACTION_COLUMNS[name] ?? 'text'] ?? 'text' }))
}

/**
 * The Explorer's columns from the rows of DESCRIBE_INTERACTIONS_SQL: internal columns dropped, the
 * default set first (in its order), then every other column in table order.
 */
export function columnsFromDescribe(rows: readonly (readonly CellValue[])[]): ExplorerColumn[] {
  const all: ExplorerColumn[] = []
  for (const r of rows) {
    const name = r[0]
    if (typeof name !== 'string' || INTERNAL_COLUMNS.has(name)) continue
    all.push({ name, kind: kindOfType(String(r[1] ?? '')) })
  }
  const byName = new Map(all.map((c) => [c.name, c]))
  const first = DEFAULT_EXPLORER_COLUMNS.filter((n) => byName.has(n)).map((n) => byName.get(n)!)
  const defaults = new Set(DEFAULT_EXPLORER_COLUMNS)
  return [...first, ...all.filter((c) => !defaults.has(c.name))]
}

/** Visibility from the `cols` URL parameter (comma-separated visible names); absent, empty or naming no known column -> the default set. */
export function visibilityFromParam(columns: readonly ExplorerColumn[], param: string | undefined): VisibilityState {
  const known = new Set(columns.map((c) => c.name))
  const wanted = (param ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => known.has(s))
  const visible = new Set<string>(wanted.length ? wanted : DEFAULT_EXPLORER_COLUMNS.filter((n) => known.has(n)))
  // a table without any default column still shows something
  if (visible.size === 0) for (const c of columns.slice(0, 12)) visible.add(c.name)
  return Object.fromEntries(columns.map((c) => [c.name, visible.has(c.name)]))
}

/** The visible columns in display order. */
export function visibleColumnNames(columns: readonly ExplorerColumn[], visibility: VisibilityState): string[] {
  return columns.filter((c) => visibility[c.name] !== false).map((c) => c.name)
}

/** The `cols` URL parameter for a visibility: '' when it is the default set (so default URLs stay short). */
export function visibilityToParam(columns: readonly ExplorerColumn[], visibility: VisibilityState): string {
  const visible = visibleColumnNames(columns, visibility)
  const defaults = visibleColumnNames(columns, visibilityFromParam(columns, undefined))
  return visible.length === defaults.length && visible.every((n, i) => n === defaults[i]) ? '' : visible.join(',')
}

/** The `sort` URL parameter: `latency_ms:desc,timestamp_utc:asc`. */
export function formatSortParam(sort: SortingState): string {
  return sort.map((s) => `${s.id}:${s.desc ? 'desc' : 'asc'}`).join(',')
}

/** Reads the `sort` URL parameter, keeping known columns only (at most 5 keys, as the contract allows). */
export function parseSortParam(param: string | undefined, known: ReadonlySet<string>): SortingState {
  const out: SortingState = []
  for (const part of (param ?? '').split(',')) {
    const [id, dir] = part.split(':')
    if (!id || !known.has(id) || out.some((s) => s.id === id)) continue
    out.push({ id, desc: dir === 'desc' })
    if (out.length === 5) break
  }
  return out
}

/** Starting width of a column in pixels, by what it holds. */
export function columnWidth(col: ExplorerColumn): number {
  if (col.name === 'request_text' || col.name === 'response_text_snippet' || col.name.endsWith('_text')) return 360
  if (col.name === 'interaction_id' || col.name === 'session_id' || col.name === 'user_id') return 128
  if (col.kind === 'timestamp') return 160
  if (col.kind === 'flag') return 92
  if (col.kind === 'number') return 112
  return 132
}

/** Columns whose true value means something went wrong (shown in the failure colour). */
export function isProblemFlag(name: string): boolean {
  return name === 'is_failure' || name === 'user_reported_issue' || name.endsWith('_flag')
}
