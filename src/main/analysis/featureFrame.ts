/** The scope's timed rows as typed columns (numeric features, categorical codes, window roles, label, time), pulled from DuckDB in one query and shared by drift and triage. */
import { ident, literal } from '../ingest/sql'
import type { CodedColumn } from '../ml/preprocess'
import type { AnalysisContext } from './context'
import { stableStringify } from '../../shared/stableStringify'
import { compileScope } from './scopeSql'

/** win_role of a frame row: 0 = none (in no triage window), then fit, calibration, evaluation. */
export const ROLE_NONE = 0
export const ROLE_FIT = 1
export const ROLE_CALIBRATION = 2
export const ROLE_EVALUATION = 3

/**
 * Every row of the scope with a timestamp, in table order (rowid ascending). Numeric columns
 * hold NaN for null (in SharedArrayBuffers: the frame stays in its process); categorical columns
 * are codes into their dictionary (-1 for null).
 */
export interface FeatureFrame {
  n: number
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

/**
 * A frame of up to this many rows is kept for the next request on the same scope (about 100 MB per
 * million rows with every drift and triage feature); a larger one is pulled by each request.
 */
export const FRAME_MEMO_MAX_ROWS = 2_000_000

const FRAME_MEMO = 'featureFrame'

interface MemoFrame {
  features: FrameFeatures
  frame: FeatureFrame
}

const covers = (have: FrameFeatures, want: FrameFeatures): boolean =>
  want.numeric.every((f) => have.numeric.includes(f)) && want.categorical.every((f) => have.categorical.includes(f))

/**
 * The scope's frame with at least `features`, shared through the context's memo (the dataset's:
 * cleared when the data change): the requests that need one (drift, triage, their re-runs with
 * other knobs or date ranges, an export) pull it once per scope. Only the latest scope's frame is
 * kept, and only up to `maxRows` rows. Callers read the frame and never write into it. Without a
 * memo, each call pulls.
 */
export async function sharedFeatureFrame(ctx: AnalysisContext, features: FrameFeatures, maxRows = FRAME_MEMO_MAX_ROWS): Promise<FeatureFrame> {
  const memo = ctx.memo
  if (!memo) return loadFeatureFrame(ctx, features)
  const key = [FRAME_MEMO, ctx.scope]
  const keyText = stableStringify(key)
  const prefix = `[${JSON.stringify(FRAME_MEMO)},`
  memo.deleteWhere((k) => k.startsWith(prefix) && k !== keyText)
  for (;;) {
    const pending = memo.peek<MemoFrame>(key)
    const held = pending ? await pending.catch(() => null) : null
    if (held && covers(held.features, features)) {
      if (held.frame.n > maxRows) memo.deleteWhere((k) => k === keyText)
      return held.frame
    }
    // Another request replaced the entry meanwhile: look again.
    if (memo.peek(key) !== pending) continue
    // None yet, or one without every feature asked for: replaced by one with both sets.
    const wanted = held ? mergeFeatures(held.features, features) : features
    memo.deleteWhere((k) => k === keyText)
    const computed = memo.get<MemoFrame>(key, async () => ({ features: wanted, frame: await loadFeatureFrame(ctx, wanted) }))
    const { frame } = await computed
    if (frame.n > maxRows && memo.peek(key) === computed) memo.deleteWhere((k) => k === keyText)
    return frame
  }
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
  // Each category becomes its 1-based position in the dictionary (0 for null): inline for a small
  // dictionary, through a join with the dictionary as a VALUES list for a large one. Dictionary
  // values come from the data (quoted), never from the UI.
  const joins: string[] = []
  const catExprs = features.categorical.map((f, k) => {
    const dict = dictionaries[f]
    if (dict.length === 0) return '0'
    if (dict.length <= INLINE_DICTIONARY_MAX) return `coalesce(list_position([${dict.map(literal).join(', ')}], i.${ident(f)}), 0)`
    joins.push(`LEFT JOIN (VALUES ${dict.map((v, j) => `(${literal(v)}, ${j + 1})`).join(', ')}) d${k}(v, c) ON i.${ident(f)} = d${k}.v`)
    return `coalesce(d${k}.c, 0)`
  })
  // The flags and the category positions travel packed into as few exact doubles as they fit:
  // every value pulled costs the same, whatever its type.
  const flags = `(CASE i.win_role WHEN 'fit' THEN ${ROLE_FIT} WHEN 'calibration' THEN ${ROLE_CALIBRATION} WHEN 'evaluation' THEN ${ROLE_EVALUATION} ELSE ${ROLE_NONE} END) * 4 + coalesce(i.in_history, false)::INTEGER * 2 + coalesce(i.is_failure, false)::INTEGER`
  const factors: PackFactor[] = [{ expr: flags, radix: 16 }, ...catExprs.map((expr, k) => ({ expr, radix: dictionaries[features.categorical[k]].length + 1 }))]
  const packs = packColumns(factors)
  // A plain scan keeps the table order; a join may not, so then rowid comes along to restore it.
  const withRowid = joins.length > 0
  const select = [
    'epoch_us(i.timestamp_utc)::DOUBLE AS us',
    ...features.numeric.map((f) => `i.${ident(f)}::DOUBLE`),
    ...packs.map((pack, k) => `${packExpr(pack)} AS p${k}`),
    ...(withRowid ? ['i.rowid::DOUBLE AS rid'] : [])
  ]
  // In shared memory: drift's worker thread reads the numeric columns without a copy.
  const res = await engine.numericColumns(
    `SELECT ${select.join(', ')} FROM interactions i ${joins.join(' ')} WHERE (${scope.where}) AND i.timestamp_utc IS NOT NULL`,
    scope.params,
    { shared: true }
  )
  const n = res.data[0]?.length ?? 0
  const order = withRowid ? tableOrder(res.data[select.length - 1] ?? new Float64Array(0)) : null
  const col = (j: number): Float64Array => reorder(res.data[j] ?? new Float64Array(n), order)
  const nNum = features.numeric.length
  // Unpack every factor: digit j of pack k in mixed radix (each pack below 2^31: integer
  // arithmetic), one factor at a time over every row (tight, monomorphic loops). The flags go
  // straight to their arrays; a category's digit is its 1-based position, its code that minus 1.
  const role = new Uint8Array(n)
  const inHistory = new Uint8Array(n)
  const failure = new Uint8Array(n)
  const codes = features.categorical.map(() => new Int32Array(n))
  const rest = new Int32Array(n)
  let f0 = 0
  packs.forEach((pack, k) => {
    const packed = col(1 + nNum + k)
    for (let i = 0; i < n; i++) rest[i] = packed[i] | 0
    for (let j = 0; j < pack.length; j++) {
      const r = pack[j].radix
      const last = j === pack.length - 1
      if (f0 + j === 0) unpackFlags(rest, r, last, role, inHistory, failure)
      else unpackCodes(rest, r, last, codes[f0 + j - 1])
    }
    f0 += pack.length
  })
  const numeric: Record<string, Float64Array> = {}
  features.numeric.forEach((f, j) => (numeric[f] = col(1 + j)))
  const categorical: Record<string, CodedColumn> = {}
  features.categorical.forEach((f, k) => (categorical[f] = { codes: codes[k], dictionary: dictionaries[f] }))
  return { n, us: col(0), role, inHistory, failure, numeric, categorical }
}

/** The flags digit of every row (rest = rest / r after): role, history and failure bits as packed in SQL. */
function unpackFlags(rest: Int32Array, r: number, last: boolean, role: Uint8Array, inHistory: Uint8Array, failure: Uint8Array): void {
  for (let i = 0; i < rest.length; i++) {
    const x = rest[i]
    const q = last ? 0 : (x / r) | 0
    const f = x - q * r
    role[i] = f >> 2
    inHistory[i] = (f >> 1) & 1
    failure[i] = f & 1
    rest[i] = q
  }
}

/** A category's digit of every row as its code (the 1-based position minus 1: -1 for null); rest = rest / r after. */
function unpackCodes(rest: Int32Array, r: number, last: boolean, out: Int32Array): void {
  for (let i = 0; i < rest.length; i++) {
    const x = rest[i]
    const q = last ? 0 : (x / r) | 0
    out[i] = x - q * r - 1
    rest[i] = q
  }
}

interface PackFactor {
  expr: string
  radix: number
}

/** Packed values stay below 2^31: exact doubles that unpack with integer arithmetic. */
const PACK_LIMIT = 2 ** 31

/**
 * Groups small integer factors into as few columns as fit below PACK_LIMIT: x0 + r0 * (x1 + r1 * (...)).
 * A factor too large for a pack of its own gets one anyway (a dictionary of more than 2^31 values
 * cannot occur: it would have to be listed in the query).
 */
function packColumns(factors: PackFactor[]): PackFactor[][] {
  const packs: PackFactor[][] = []
  let current: PackFactor[] = []
  let product = 1
  for (const f of factors) {
    if (current.length > 0 && product * f.radix > PACK_LIMIT) {
      packs.push(current)
      current = []
      product = 1
    }
    current.push(f)
    product *= f.radix
  }
  if (current.length > 0) packs.push(current)
  return packs
}

function packExpr(pack: PackFactor[]): string {
  let expr = ''
  for (let k = pack.length - 1; k >= 0; k--) {
    const x = `CAST(${pack[k].expr} AS BIGINT)`
    expr = expr === '' ? x : `(${x} + ${pack[k].radix} * ${expr})`
  }
  return `CAST(${expr} AS DOUBLE)`
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
