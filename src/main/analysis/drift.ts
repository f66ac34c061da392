/** Drift report of PIPELINE.md section 8: per window pair, PSI and KS for numeric features, TV distance and chi-square for categorical ones, within the scope. */
import type {
  CategoricalDriftDistribution,
  DriftBlock,
  DriftDateRanges,
  DriftFeatureRow,
  DriftSeverity,
  DriftWindowKind,
  DriftWindowPair,
  NumericDriftDistribution
} from '../../shared/drift'
import { CATEGORICAL_DIMENSIONS, INTERACTION_COLUMNS } from '../../shared/schema'
import type { IntegrityReport } from '../../shared/types'
import type { Engine, SqlValue } from '../engine/engine'
import { formatTs, ident } from '../ingest/sql'
import type { AnalysisContext } from './context'
import { compileScope } from './scopeSql'
import { chiSquareTest, kolmogorovSf, ksTwoSample, PSI_LEVELS, quantileAt, roundHalfEven, severityPsi, severityTv, tvDistanceFromCounts } from './stats'

/** Numeric drift features in report order (those the file provides are compared). */
export const DRIFT_NUMERIC_FEATURES = [
  'latency_ms',
  'cost_usd',
  'total_tokens',
  'prompt_tokens',
  'completion_tokens',
  'tool_calls_count',
  'response_quality_score',
  'tokens_per_second',
  'prompt_to_completion_ratio'
] as const

/** Categorical drift features in report order. */
export const DRIFT_CATEGORICAL_FEATURES = CATEGORICAL_DIMENSIONS

export interface DriftOptions {
  /** Adds the `date_ranges` block comparing two operator-picked ranges of UTC days. */
  dateRanges?: DriftDateRanges
  /** Window counts travel packed two per column while the scope has fewer timed rows than this (default 2^26; tests lower it). */
  packLimit?: number
}

/**
 * Canonical interaction columns the loaded file provides: by name, through an alias, or derived
 * at load (tokens_per_second, prompt_to_completion_ratio). A report without interactions file
 * information (a table built directly, as in tests) counts every canonical column as present.
 */
export function presentInteractionColumns(report: IntegrityReport): Set<string> {
  const info = report.tables.interactions
  if (!info) return new Set(Object.keys(INTERACTION_COLUMNS))
  const present = new Set<string>()
  for (const c of info.source_columns) {
    const key = c.trim().toLowerCase()
    if (key in INTERACTION_COLUMNS) present.add(key)
  }
  for (const key of Object.keys(info.column_mapping)) present.add(key)
  for (const key of report.normalisation_notes.derived_columns) present.add(key)
  return present
}

/** A SQL boolean over `interactions` and the values bound to its placeholders, in text order. */
interface Predicate {
  sql: string
  params: SqlValue[]
}

interface PairSpec {
  kind: DriftWindowKind
  method: string
  ref: Predicate
  cur: Predicate
  dateRanges?: DriftDateRanges
}

const FALSE: Predicate = { sql: 'false', params: [] }

/**
 * Two window counts travel packed in one DOUBLE, ref * 2^26 + cur, which is exact while both stay
 * below 2^26; larger scopes (67M timed rows) fall back to one column per count.
 */
const PACK = 67108864

/** SciPy's ks_2samp(method='auto') is exact while both samples have at most this many values (stats.ts follows it). */
const KS_MAX_EXACT_N = 10000

const PSI_MIN_VALUES = 50
const PSI_BINS = 10
const PSI_FLOOR = 1e-6

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * Computes the drift blocks: history vs evaluation, temporal early vs recent, and the optional
 * operator date ranges, each over the scope's timed rows. Raw values never cross into JS: one
 * scan returns every numeric feature's distinct values with per-window counts (all blocks at
 * once), another the per-category counts, and PSI / KS / TV / chi-square are evaluated on those
 * counts exactly as on the raw values.
 */
export async function driftReport(ctx: AnalysisContext, opts: DriftOptions = {}): Promise<DriftBlock[]> {
  const { engine } = ctx
  const scope = compileScope(ctx.scope)
  const timed = { where: `(${scope.where}) AND timestamp_utc IS NOT NULL`, params: scope.params }
  const [{ n }] = await engine.all<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM interactions WHERE ${timed.where}`, timed.params)

  const pairs: PairSpec[] = [
    {
      kind: 'history_vs_evaluation',
      method: ctx.report.windows.windowing_method ?? 'none',
      ref: { sql: 'in_history', params: [] },
      cur: { sql: "win_role = 'evaluation'", params: [] }
    },
    await earlyVsRecent(engine, timed, n, ctx.knobs.DRIFT_REFERENCE_FRAC, ctx.knobs.DRIFT_CURRENT_FRAC)
  ]
  if (opts.dateRanges) pairs.push(dateRangesPair(opts.dateRanges))

  const windows = await windowStats(engine, pairs, timed)
  const present = presentInteractionColumns(ctx.report)
  const packed = n < Math.min(opts.packLimit ?? PACK, PACK)
  const rows: DriftFeatureRow[][] = pairs.map(() => [])

  const numeric = DRIFT_NUMERIC_FEATURES.filter((f) => present.has(f))
  if (numeric.length > 0) {
    const groups = await numericGroups(engine, numeric, pairs, timed, packed)
    for (let k = 0; k < pairs.length; k++) {
      for (let f = 0; f < numeric.length; f++) rows[k].push(numericDrift(numeric[f], groups[f].values, groups[f].ref[k], groups[f].cur[k]))
    }
  }
  const categorical = DRIFT_CATEGORICAL_FEATURES.filter((f) => present.has(f))
  if (categorical.length > 0) {
    const groups = await categoricalGroups(engine, categorical, pairs, timed, packed)
    for (let k = 0; k < pairs.length; k++) {
      for (let f = 0; f < categorical.length; f++) rows[k].push(categoricalDrift(categorical[f], groups[f], k))
    }
  }
  return pairs.map((_, k) => ({ window: windows[k], features: sortDriftRows(rows[k]) }))
}

/**
 * The first floor(DRIFT_REFERENCE_FRAC * n) and the last floor(DRIFT_CURRENT_FRAC * n) timed rows
 * of the scope in the stable order (timestamp_utc, rowid), as predicates on the boundary rows.
 */
async function earlyVsRecent(engine: Engine, timed: { where: string; params: SqlValue[] }, n: number, refFrac: number, curFrac: number): Promise<PairSpec> {
  // Floors in float64, as written: 0.4 * n and 0.2 * n, not n * 2 / 5.
  const kRef = Math.floor(refFrac * n)
  const kCur = Math.floor(curFrac * n)
  const lastRef = kRef // 1-based position of the last early row
  const firstCur = n - kCur + 1 // 1-based position of the first recent row
  const wanted = [...(kRef > 0 ? [lastRef] : []), ...(kCur > 0 ? [firstCur] : [])]
  const bounds = new Map<number, { us: number; rid: number }>()
  if (wanted.length > 0) {
    const found = await engine.all<{ us: number; rid: number; rn: number }>(
      `SELECT us, rid, rn FROM (
         SELECT epoch_us(timestamp_utc) AS us, rowid AS rid, row_number() OVER (ORDER BY timestamp_utc, rowid) AS rn
         FROM interactions WHERE ${timed.where}
       ) WHERE rn IN (${wanted.map(() => '?').join(', ')})`,
      [...timed.params, ...wanted]
    )
    for (const r of found) bounds.set(r.rn, { us: r.us, rid: r.rid })
  }
  const a = bounds.get(lastRef)
  const b = bounds.get(firstCur)
  return {
    kind: 'temporal_early_vs_recent',
    method: 'temporal_early_vs_recent',
    ref: kRef > 0 && a ? { sql: '(epoch_us(timestamp_utc) < ? OR (epoch_us(timestamp_utc) = ? AND rowid <= ?))', params: [a.us, a.us, a.rid] } : FALSE,
    cur: kCur > 0 && b ? { sql: '(epoch_us(timestamp_utc) > ? OR (epoch_us(timestamp_utc) = ? AND rowid >= ?))', params: [b.us, b.us, b.rid] } : FALSE
  }
}

function dateRangesPair(ranges: DriftDateRanges): PairSpec {
  const day = (r: { from: string; to: string }, side: string): Predicate => {
    for (const d of [r.from, r.to]) {
      if (!ISO_DAY.test(d) || Number.isNaN(Date.parse(d + 'T00:00:00Z'))) throw new Error(`drift ${side} range: '${d}' is not a YYYY-MM-DD day`)
    }
    return { sql: '(timestamp_utc >= CAST(? AS DATE) AND timestamp_utc < CAST(? AS DATE) + INTERVAL 1 DAY)', params: [r.from, r.to] }
  }
  return {
    kind: 'date_ranges',
    method: 'date_ranges',
    ref: day(ranges.reference, 'reference'),
    cur: day(ranges.current, 'current'),
    dateRanges: { reference: { ...ranges.reference }, current: { ...ranges.current } }
  }
}

/** Column i of an engine.numericColumns result (empty when the result has no rows). */
function numericColumnOf(res: { data: Float64Array[] }, i: number): Float64Array {
  return res.data[i] ?? new Float64Array(0)
}

/** Column i of an engine.columns result; the native engine returns no columns at all for an empty result. */
function columnOf(res: { data: SqlValue[][] }, i: number): SqlValue[] {
  return res.data[i] ?? []
}

/** `coalesce(pred, false)` of every window, reference then current per pair, with their params in text order. */
function sideColumns(pairs: PairSpec[]): { exprs: string[]; params: SqlValue[] } {
  const exprs: string[] = []
  const params: SqlValue[] = []
  for (const p of pairs) {
    for (const side of [p.ref, p.cur]) {
      exprs.push(`coalesce(${side.sql}, false)`)
      params.push(...side.params)
    }
  }
  return { exprs, params }
}

/** Row counts and first / last timestamps of every window, from one grouped scan. */
async function windowStats(engine: Engine, pairs: PairSpec[], timed: { where: string; params: SqlValue[] }): Promise<DriftWindowPair[]> {
  const sides = sideColumns(pairs)
  const groups = await engine.all(
    `SELECT ${sides.exprs.map((e, i) => `${e} AS s${i}`).join(', ')},
       ${formatTs('min(timestamp_utc)')} AS lo, ${formatTs('max(timestamp_utc)')} AS hi, count(*)::BIGINT AS n
     FROM interactions WHERE ${timed.where} GROUP BY ALL`,
    [...sides.params, ...timed.params]
  )
  const side = (i: number): { rows: number; lo: string | null; hi: string | null } => {
    let rows = 0
    let lo: string | null = null
    let hi: string | null = null
    for (const g of groups) {
      if (g[`s${i}`] !== true) continue
      rows += g.n as number
      // The fixed-width 'YYYY-MM-DD HH:MM:SS+00:00' strings order like the timestamps they format.
      if (lo === null || (g.lo as string) < lo) lo = g.lo as string
      if (hi === null || (g.hi as string) > hi) hi = g.hi as string
    }
    return { rows, lo, hi }
  }
  return pairs.map((p, k) => {
    const r = side(2 * k)
    const c = side(2 * k + 1)
    return {
      kind: p.kind,
      windowing_method: p.method,
      reference_start_timestamp_utc: r.lo,
      reference_end_timestamp_utc: r.hi,
      current_start_timestamp_utc: c.lo,
      current_end_timestamp_utc: c.hi,
      reference_rows: r.rows,
      current_rows: c.rows,
      ...(p.dateRanges ? { date_ranges: p.dateRanges } : {})
    }
  })
}

/** SELECT items that mark each window's rows for summing (ref * 2^26 + cur per pair when `packed`, else one column per window). */
function countColumns(pairs: PairSpec[], packed: boolean): { inner: string[]; params: SqlValue[]; names: string[] } {
  const sides = sideColumns(pairs)
  const inner: string[] = []
  const names: string[] = []
  if (packed) {
    for (let k = 0; k < pairs.length; k++) {
      inner.push(`(${sides.exprs[2 * k]})::BIGINT * ${PACK} + (${sides.exprs[2 * k + 1]})::BIGINT AS c${k}`)
      names.push(`c${k}`)
    }
  } else {
    sides.exprs.forEach((e, i) => {
      inner.push(`(${e})::BIGINT AS c${i}`)
      names.push(`c${i}`)
    })
  }
  return { inner, params: sides.params, names }
}

/** Splits the count columns of a grouped pull into reference and current counts per pair. */
function decodeCounts(res: { data: ArrayLike<SqlValue | number>[] }, first: number, nPairs: number, packed: boolean, m: number): { ref: Float64Array[]; cur: Float64Array[] } {
  const ref: Float64Array[] = []
  const cur: Float64Array[] = []
  for (let k = 0; k < nPairs; k++) {
    const a = new Float64Array(m)
    const b = new Float64Array(m)
    if (packed) {
      const col = res.data[first + k] ?? []
      for (let j = 0; j < m; j++) {
        const x = col[j] as number
        const hi = Math.floor(x / PACK)
        a[j] = hi
        b[j] = x - hi * PACK
      }
    } else {
      const ca = res.data[first + 2 * k] ?? []
      const cb = res.data[first + 2 * k + 1] ?? []
      for (let j = 0; j < m; j++) {
        a[j] = ca[j] as number
        b[j] = cb[j] as number
      }
    }
    ref.push(a)
    cur.push(b)
  }
  return { ref, cur }
}

interface NumericCounts {
  /** distinct finite values, ascending */
  values: Float64Array
  ref: Float64Array[]
  cur: Float64Array[]
}

/**
 * Every numeric feature's distinct finite values (ascending) with each window's count of them,
 * from one GROUPING SETS scan (the window predicates are evaluated once per row, not per feature).
 */
async function numericGroups(
  engine: Engine,
  features: readonly string[],
  pairs: PairSpec[],
  timed: { where: string; params: SqlValue[] },
  packed: boolean
): Promise<NumericCounts[]> {
  const cols = features.map(ident)
  const counts = countColumns(pairs, packed)
  const which = `CASE ${cols.map((c, i) => `WHEN GROUPING(${c}) = 0 THEN ${i}`).join(' ')} END`
  const value = `CASE ${cols.map((c) => `WHEN GROUPING(${c}) = 0 THEN ${c}`).join(' ')} END`
  // Every column is numeric: pulled as Float64Arrays (NaN for the null group), no per-value objects.
  const res = await engine.numericColumns(
    `SELECT ${which}::DOUBLE AS k, ${value}::DOUBLE AS v, ${counts.names.map((c) => `sum(${c})::DOUBLE AS ${c}`).join(', ')} FROM (
       SELECT ${cols.join(', ')}, ${counts.inner.join(', ')} FROM interactions WHERE ${timed.where}
     ) WHERE ${counts.names.join(' + ')} > 0
     GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(', ')})
     ORDER BY k, v`,
    [...counts.params, ...timed.params]
  )
  const ks = numericColumnOf(res, 0)
  const vs = numericColumnOf(res, 1)
  const m = ks.length
  const decoded = decodeCounts(res, 2, pairs.length, packed, m)
  const out: NumericCounts[] = []
  let j = 0
  for (let f = 0; f < features.length; f++) {
    const start = j
    while (j < m && ks[j] === f) j++
    // The null group of a feature (its missing values) and any non-finite value are not compared.
    let kept = 0
    const values = new Float64Array(j - start)
    const ref = pairs.map(() => new Float64Array(j - start))
    const cur = pairs.map(() => new Float64Array(j - start))
    for (let r = start; r < j; r++) {
      const v = vs[r]
      if (!Number.isFinite(v)) continue
      // Groups that compare equal (-0 and 0) are one value for the ECDFs and the bins.
      const merge = kept > 0 && values[kept - 1] === v
      const at = merge ? kept - 1 : kept
      values[at] = v
      for (let k = 0; k < pairs.length; k++) {
        ref[k][at] += decoded.ref[k][r]
        cur[k][at] += decoded.cur[k][r]
      }
      if (!merge) kept++
    }
    out.push({ values: values.subarray(0, kept), ref: ref.map((a) => a.subarray(0, kept)), cur: cur.map((b) => b.subarray(0, kept)) })
  }
  return out
}

/** PSI on grouped values, step for step as stats.psi on the expanded samples (same edges, same sums). */
function groupedPsi(
  values: Float64Array,
  a: Float64Array,
  b: Float64Array,
  nA: number,
  nB: number
): { psi: number; edges: number[]; refCounts: number[]; curCounts: number[] } | null {
  if (nA < PSI_MIN_VALUES || nB < PSI_MIN_VALUES) return null
  const m = values.length
  const cum = new Float64Array(m)
  let s = 0
  let curMin = Infinity
  let curMax = -Infinity
  for (let j = 0; j < m; j++) {
    s += a[j]
    cum[j] = s
    if (b[j] > 0) {
      if (values[j] < curMin) curMin = values[j]
      if (values[j] > curMax) curMax = values[j]
    }
  }
  /** The reference value at 0-based rank r of the sorted sample. */
  const atRank = (r: number): number => {
    let lo = 0
    let hi = m - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid] > r) hi = mid
      else lo = mid + 1
    }
    return values[lo]
  }
  // stats.psi's edges: numpy's quantiles of the expanded sample at PSI_LEVELS.
  const raw: number[] = PSI_LEVELS.map((level) => quantileAt(nA, level, atRank))
  raw[0] = Math.min(raw[0], curMin)
  raw[PSI_BINS] = Math.max(raw[PSI_BINS], curMax)
  raw.sort((x, y) => x - y)
  const edges: number[] = []
  for (const e of raw) if (edges.length === 0 || e !== edges[edges.length - 1]) edges.push(e)
  if (edges.length < 3) return null

  // Bins [e_i, e_i+1), the last closed; every value lies in [e_0, e_k] by construction of the edges.
  const nb = edges.length - 1
  const refCounts = new Array<number>(nb).fill(0)
  const curCounts = new Array<number>(nb).fill(0)
  let bin = 0
  for (let j = 0; j < m; j++) {
    const v = values[j]
    while (bin < nb - 1 && edges[bin + 1] <= v) bin++
    refCounts[bin] += a[j]
    curCounts[bin] += b[j]
  }
  let sum = 0
  for (let k = 0; k < nb; k++) {
    const p = clip(refCounts[k] / Math.max(nA, 1), PSI_FLOOR, 1)
    const q = clip(curCounts[k] / Math.max(nB, 1), PSI_FLOOR, 1)
    sum += (q - p) * Math.log(q / p)
  }
  return { psi: sum, edges, refCounts, curCounts }
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}

/** The sorted sample a grouped column stands for. */
function expand(values: Float64Array, counts: Float64Array, total: number): Float64Array {
  const out = new Float64Array(total)
  let k = 0
  for (let j = 0; j < values.length; j++) for (let c = 0; c < counts[j]; c++) out[k++] = values[j]
  return out
}

/**
 * Two-sample KS on grouped values. Small samples (both <= 10000) go through stats.ksTwoSample for
 * its exact p-value; larger ones take the same statistic from the cumulative counts and the same
 * asymptotic p-value ksTwoSample uses there, without expanding a million values.
 */
function groupedKs(values: Float64Array, a: Float64Array, b: Float64Array, nA: number, nB: number): { statistic: number; pvalue: number } | null {
  if (nA === 0 || nB === 0) return null
  if (Math.max(nA, nB) <= KS_MAX_EXACT_N) return ksTwoSample(expand(values, a, nA), expand(values, b, nB))
  let i = 0
  let j = 0
  let maxDiff = -Infinity
  let minDiff = Infinity
  for (let k = 0; k < values.length; k++) {
    if (a[k] === 0 && b[k] === 0) continue
    i += a[k]
    j += b[k]
    const diff = i / nA - j / nB
    if (diff > maxDiff) maxDiff = diff
    if (diff < minDiff) minDiff = diff
  }
  const minS = clip(-minDiff, 0, 1)
  const d = minS > maxDiff ? minS : maxDiff
  const big = Math.max(nA, nB)
  const small = Math.min(nA, nB)
  const en = (big * small) / (big + small)
  return { statistic: d, pvalue: clip(kolmogorovSf(roundHalfEven(en), d), 0, 1) }
}

function numericDrift(feature: string, values: Float64Array, a: Float64Array, b: Float64Array): DriftFeatureRow {
  let nA = 0
  let nB = 0
  for (let j = 0; j < values.length; j++) {
    nA += a[j]
    nB += b[j]
  }
  const p = groupedPsi(values, a, b, nA, nB)
  const ks = groupedKs(values, a, b, nA, nB)
  const distribution: NumericDriftDistribution | null = p
    ? { type: 'numeric', edges: p.edges, reference: p.refCounts.map((c) => c / nA), current: p.curCounts.map((c) => c / nB) }
    : null
  return {
    feature,
    type: 'numeric',
    psi: p ? p.psi : null,
    tv_distance: null,
    severity: severityPsi(p ? p.psi : null),
    ks_statistic: ks ? ks.statistic : null,
    ks_pvalue: ks ? ks.pvalue : null,
    chi2_pvalue: null,
    reference_n: nA,
    current_n: nB,
    distribution
  }
}

interface CategoryCounts {
  values: (string | null)[]
  ref: Float64Array[]
  cur: Float64Array[]
}

/** Per-category window counts of every categorical feature, from one GROUPING SETS scan. */
async function categoricalGroups(
  engine: Engine,
  features: readonly string[],
  pairs: PairSpec[],
  timed: { where: string; params: SqlValue[] },
  packed: boolean
): Promise<CategoryCounts[]> {
  const cols = features.map(ident)
  const counts = countColumns(pairs, packed)
  const which = `CASE ${cols.map((c, i) => `WHEN GROUPING(${c}) = 0 THEN ${i}`).join(' ')} END`
  const value = `CASE ${cols.map((c) => `WHEN GROUPING(${c}) = 0 THEN ${c}`).join(' ')} END`
  const res = await engine.columns(
    `SELECT ${which} AS k, ${value} AS v, ${counts.names.map((c) => `sum(${c})::DOUBLE AS ${c}`).join(', ')} FROM (
       SELECT ${cols.join(', ')}, ${counts.inner.join(', ')} FROM interactions WHERE ${timed.where}
     ) WHERE ${counts.names.join(' + ')} > 0
     GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(', ')})`,
    [...counts.params, ...timed.params]
  )
  const ks = columnOf(res, 0)
  const vs = columnOf(res, 1)
  const m = ks.length
  const decoded = decodeCounts(res, 2, pairs.length, packed, m)
  // Rows per feature, categories in a fixed order (null first, then code-unit order) so sums are reproducible.
  const order = Array.from({ length: m }, (_, j) => j).sort((x, y) => {
    const kx = ks[x] as number
    const ky = ks[y] as number
    if (kx !== ky) return kx - ky
    return compareNullable(vs[x] as string | null, vs[y] as string | null)
  })
  return features.map((_, f) => {
    const rows = order.filter((j) => ks[j] === f)
    return {
      values: rows.map((j) => vs[j] as string | null),
      ref: decoded.ref.map((a) => Float64Array.from(rows, (j) => a[j])),
      cur: decoded.cur.map((b) => Float64Array.from(rows, (j) => b[j]))
    }
  })
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  return a < b ? -1 : 1
}

function categoricalDrift(feature: string, g: CategoryCounts, k: number): DriftFeatureRow {
  const a = g.ref[k]
  const b = g.cur[k]
  const refMap = new Map<string | null, number>()
  const curMap = new Map<string | null, number>()
  const cats: number[] = []
  let nA = 0
  let nB = 0
  for (let j = 0; j < g.values.length; j++) {
    if (a[j] > 0) refMap.set(g.values[j], a[j])
    if (b[j] > 0) curMap.set(g.values[j], b[j])
    if (a[j] > 0 || b[j] > 0) cats.push(j)
    nA += a[j]
    nB += b[j]
  }
  const tv = tvDistanceFromCounts(refMap, curMap)
  const chi = nA > 0 && nB > 0 ? chiSquareTest([cats.map((j) => a[j]), cats.map((j) => b[j])]) : null
  let distribution: CategoricalDriftDistribution | null = null
  if (tv !== null) {
    const shares = cats.map((j) => ({ category: g.values[j], reference: a[j] / nA, current: b[j] / nB }))
    shares.sort((x, y) => y.reference - x.reference || y.current - x.current || compareNullable(x.category, y.category))
    distribution = {
      type: 'categorical',
      categories: shares.map((s) => s.category),
      reference: shares.map((s) => s.reference),
      current: shares.map((s) => s.current)
    }
  }
  return {
    feature,
    type: 'categorical',
    psi: null,
    tv_distance: tv,
    severity: severityTv(tv),
    ks_statistic: null,
    ks_pvalue: null,
    chi2_pvalue: chi ? chi.pvalue : null,
    reference_n: nA,
    current_n: nB,
    distribution
  }
}

const SEVERITY_RANK: Record<DriftSeverity, number> = { high: 3, medium: 2, low: 1, insufficient_data: 0 }

/** Descending with nulls last (pandas' sort_values default for a descending sort). */
function compareDescNullsLast(x: number | null, y: number | null): number {
  if (x === y) return 0
  if (x === null) return 1
  if (y === null) return -1
  return y - x
}

/**
 * Block order: severity (high > medium > low > insufficient_data), then PSI, then TV, each
 * descending with nulls last, and exact ties by feature name ascending (the reference artifacts
 * list model_name before model_provider and segment before use_case on equal TV).
 */
export function sortDriftRows(rows: DriftFeatureRow[]): DriftFeatureRow[] {
  return [...rows].sort(
    (x, y) =>
      SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] ||
      compareDescNullsLast(x.psi, y.psi) ||
      compareDescNullsLast(x.tv_distance, y.tv_distance) ||
      (x.feature < y.feature ? -1 : x.feature > y.feature ? 1 : 0)
  )
}
