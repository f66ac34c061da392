/** The scope's timed rows as typed columns (numeric features, categorical codes, window roles, label, time), pulled from DuckDB in one query and shared by drift and triage. */
import { ident, literal } from '../ingest/sql'
import type { CodedColumn } from '../ml/preprocess'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'

/** win_role of a frame row: 0 = none (in no triage window), then fit, calibration, evaluation. */
export const ROLE_NONE = 0
export const ROLE_FIT = 1
export const ROLE_CALIBRATION = 2
export const ROLE_EVALUATION = 3

/**
 * Every row of the scope with a timestamp, in table order (rowid ascending). Numeric columns
 * hold NaN for null; categorical columns are codes into their dictionary (-1 for null).
 */
export interface FeatureFrame {
  n: number
  rowid: Float64Array
  /** timestamp_utc in epoch microseconds */
  us: Float64Array
  /** ROLE_* of each row */
  role: Uint8Array
  /** 1 when the row is in the history window (PIPELINE.md section 3) */
  inHistory: Uint8Array
  /** is_failure as 0 / 1 (null reads 0) */
  failure: Uint8Array
  numeric: Record<string, Float64Array>
  categorical: Record<string, CodedColumn>
}

export interface FrameFeatures {
  numeric: readonly string[]
  categorical: readonly string[]
}

/** The union of two feature lists, first-seen order. */
export function mergeFeatures(a: FrameFeatures, b: FrameFeatures): FrameFeatures {
  return { numeric: [...new Set([...a.numeric, ...b.numeric])], categorical: [...new Set([...a.categorical, ...b.categorical])] }
}

/** A dictionary up to this size is applied in the scan (list_position keeps the table order); a larger one through a join. */
const INLINE_DICTIONARY_MAX = 64

/**
 * Distinct non-null values of each categorical column over the whole table, sorted (code-unit
 * order, as DuckDB compares strings). Scope-independent, so computed once per dataset when the
 * context carries a memo.
 */
export async function categoryDictionaries(ctx: AnalysisContext, columns: readonly string[]): Promise<Record<string, string[]>> {
  if (columns.length === 0) return {}
  const compute = async (): Promise<Record<string, string[]>> => {
    const cols = columns.map(ident)
    const res = await ctx.engine.columns(
      `SELECT CASE ${cols.map((c, i) => `WHEN GROUPING(${c}) = 0 THEN ${i}`).join(' ')} END AS k,
         CAST(CASE ${cols.map((c) => `WHEN GROUPING(${c}) = 0 THEN ${c}`).join(' ')} END AS VARCHAR) AS v
       FROM interactions GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(', ')})`
    )
    const ks = res.data[0] ?? []
    const vs = res.data[1] ?? []
    const out: Record<string, string[]> = Object.fromEntries(columns.map((c) => [c, [] as string[]]))
    for (let r = 0; r < ks.length; r++) if (vs[r] !== null) out[columns[ks[r] as number]].push(vs[r] as string)
    for (const c of columns) out[c].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    return out
  }
  return ctx.memo ? ctx.memo.get(['categoryDictionaries', [...columns]], compute) : compute()
}

/**
 * Pulls the frame: one scan of `interactions` within the scope, every value numeric (categories as
 * 1-based positions in their dictionary, 0 for null), copied straight into typed arrays.
 */
export async function loadFeatureFrame(ctx: AnalysisContext, features: FrameFeatures): Promise<FeatureFrame> {
  const { engine } = ctx
  const dictionaries = await categoryDictionaries(ctx, features.categorical)
  const scope = compileScope(ctx.scope, 'i')
  // Each category becomes its 1-based position in the dictionary: inline for a small dictionary,
  // through a join with the dictionary as a VALUES list for a large one. Dictionary values come
  // from the data (quoted), never from the UI.
  const joins: string[] = []
  const catExprs = features.categorical.map((f, k) => {
    const dict = dictionaries[f]
    if (dict.length === 0) return '0'
    if (dict.length <= INLINE_DICTIONARY_MAX) return `coalesce(list_position([${dict.map(literal).join(', ')}], i.${ident(f)}), 0)`
    joins.push(`LEFT JOIN (VALUES ${dict.map((v, j) => `(${literal(v)}, ${j + 1})`).join(', ')}) d${k}(v, c) ON i.${ident(f)} = d${k}.v`)
    return `coalesce(d${k}.c, 0)`
  })
  const select = [
    'i.rowid::DOUBLE AS rid',
    'epoch_us(i.timestamp_utc)::DOUBLE AS us',
    `((CASE i.win_role WHEN 'fit' THEN ${ROLE_FIT} WHEN 'calibration' THEN ${ROLE_CALIBRATION} WHEN 'evaluation' THEN ${ROLE_EVALUATION} ELSE ${ROLE_NONE} END) * 4 + coalesce(i.in_history, false)::INTEGER * 2 + coalesce(i.is_failure, false)::INTEGER)::DOUBLE AS flags`,
    ...features.numeric.map((f) => `i.${ident(f)}::DOUBLE`),
    ...catExprs.map((e) => `(${e})::DOUBLE`)
  ]
  const res = await engine.numericColumns(
    `SELECT ${select.join(', ')} FROM interactions i ${joins.join(' ')} WHERE (${scope.where}) AND i.timestamp_utc IS NOT NULL`,
    scope.params
  )
  const n = res.data[0]?.length ?? 0
  const order = tableOrder(res.data[0] ?? new Float64Array(0))
  const col = (j: number): Float64Array => reorder(res.data[j] ?? new Float64Array(n), order)
  const flags = col(2)
  const role = new Uint8Array(n)
  const inHistory = new Uint8Array(n)
  const failure = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const f = flags[i]
    role[i] = f >> 2
    inHistory[i] = (f >> 1) & 1
    failure[i] = f & 1
  }
  const numeric: Record<string, Float64Array> = {}
  features.numeric.forEach((f, j) => (numeric[f] = col(3 + j)))
  const categorical: Record<string, CodedColumn> = {}
  features.categorical.forEach((f, k) => {
    const raw = col(3 + features.numeric.length + k)
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) codes[i] = raw[i] - 1
    categorical[f] = { codes, dictionary: dictionaries[f] }
  })
  return { n, rowid: col(0), us: col(1), role, inHistory, failure, numeric, categorical }
}

/** The permutation that puts rows in rowid order, or null when they already are (a plain scan keeps the table order; a join may not). */
function tableOrder(rowid: Float64Array): Int32Array | null {
  let sorted = true
  for (let i = 1; i < rowid.length && sorted; i++) if (rowid[i] < rowid[i - 1]) sorted = false
  if (sorted) return null
  const order = Int32Array.from({ length: rowid.length }, (_, i) => i)
  order.sort((a, b) => rowid[a] - rowid[b])
  return order
}

function reorder(col: Float64Array, order: Int32Array | null): Float64Array {
  if (!order) return col
  return Float64Array.from(order, (i) => col[i])
}

/** Rows of the frame satisfying `keep`, as indices. */
export function frameRows(frame: FeatureFrame, keep: (i: number) => boolean): Int32Array {
  const all = new Int32Array(frame.n)
  let m = 0
  for (let i = 0; i < frame.n; i++) if (keep(i)) all[m++] = i
  return all.slice(0, m)
}

/**
 * An epoch-microsecond timestamp as the artifacts write it, `YYYY-MM-DD HH:MM:SS+00:00`, the
 * seconds truncated like DuckDB's strftime('%S') (formatTs).
 */
export function formatUtcMicros(us: number): string {
  const iso = new Date(Math.floor(us / 1e6) * 1000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00`
}
