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
import type { CodedColumn } from '../ml/preprocess'
import { sortUint32WithTags, sortWithTags } from '../ml/radixSort'
import { selectKth } from '../ml/select'
import type { AnalysisContext } from './context'
import { type FeatureFrame, type FrameFeatures, formatUtcMicros, ROLE_EVALUATION, sharedFeatureFrame } from './featureFrame'
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
  /** The scope's feature frame when the caller has it already (the analyze run shares one with triage). */
  frame?: FeatureFrame
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

/** The drift features the loaded file provides, in report order. */
export function driftFeatures(report: IntegrityReport): FrameFeatures {
  const present = presentInteractionColumns(report)
  return { numeric: DRIFT_NUMERIC_FEATURES.filter((f) => present.has(f)), categorical: DRIFT_CATEGORICAL_FEATURES.filter((f) => present.has(f)) }
}

interface PairSpec {
  kind: DriftWindowKind
  method: string
  dateRanges?: DriftDateRanges
}

/** SciPy's ks_2samp(method='auto') is exact while both samples have at most this many values (stats.ts follows it). */
const KS_MAX_EXACT_N = 10000

const PSI_MIN_VALUES = 50
const PSI_BINS = 10
const PSI_FLOOR = 1e-6

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const DAY_US = 86_400_000_000

/**
 * Computes the drift blocks: history vs evaluation, temporal early vs recent, and the optional
 * operator date ranges, each over the scope's timed rows. Works on the scope's feature frame (one
 * columnar pull, shared with triage in the analyze run): each row carries one bit per window (two
 * per block), each numeric feature is radix-sorted once with those bits into its distinct values
 * with per-window counts (all blocks at once), each categorical one counted per code, and
 * PSI / KS / TV / chi-square are evaluated on those counts exactly as on the raw values.
 */
export async function driftReport(ctx: AnalysisContext, opts: DriftOptions = {}): Promise<DriftBlock[]> {
  const features = driftFeatures(ctx.report)
  if (opts.dateRanges) dateRangeBounds(opts.dateRanges)
  const frame = opts.frame ?? (await sharedFeatureFrame(ctx, features))
  const pairs: PairSpec[] = [
    { kind: 'history_vs_evaluation', method: ctx.report.windows.windowing_method ?? 'none' },
    { kind: 'temporal_early_vs_recent', method: 'temporal_early_vs_recent' }
  ]
  if (opts.dateRanges) pairs.push({ kind: 'date_ranges', method: 'date_ranges', dateRanges: { reference: { ...opts.dateRanges.reference }, current: { ...opts.dateRanges.current } } })
  const bits = windowBits(frame, ctx.knobs.DRIFT_REFERENCE_FRAC, ctx.knobs.DRIFT_CURRENT_FRAC, opts.dateRanges)
  const windows = windowStats(frame, bits, pairs)
  const rows: DriftFeatureRow[][] = pairs.map(() => [])
  for (const f of features.numeric) {
    const column = frame.numeric[f]
    if (!column) throw new Error(`drift: the feature frame lacks ${f}`)
    const g = numericCounts(column, bits, pairs.length)
    for (let k = 0; k < pairs.length; k++) rows[k].push(numericDrift(f, g.values, g.ref[k], g.cur[k]))
  }
  for (const f of features.categorical) {
    const column = frame.categorical[f]
    if (!column) throw new Error(`drift: the feature frame lacks ${f}`)
    const g = categoryCounts(column, bits, pairs.length)
    for (let k = 0; k < pairs.length; k++) rows[k].push(categoricalDrift(f, g, k))
  }
  return pairs.map((_, k) => ({ window: windows[k], features: sortDriftRows(rows[k]) }))
}

/** The operator's ranges as [start, end) in epoch microseconds; throws on a malformed day. */
function dateRangeBounds(ranges: DriftDateRanges): { ref: [number, number]; cur: [number, number] } {
  const bounds = (r: { from: string; to: string }, side: string): [number, number] => {
    for (const d of [r.from, r.to]) {
      if (!ISO_DAY.test(d) || Number.isNaN(Date.parse(d + 'T00:00:00Z'))) throw new Error(`drift ${side} range: '${d}' is not a YYYY-MM-DD day`)
    }
    return [Date.parse(r.from + 'T00:00:00Z') * 1000, Date.parse(r.to + 'T00:00:00Z') * 1000 + DAY_US]
  }
  return { ref: bounds(ranges.reference, 'reference'), cur: bounds(ranges.current, 'current') }
}

/**
 * Each frame row's windows as bits: block k's reference is bit 2k, its current window bit 2k + 1.
 * Block 0: history vs evaluation. Block 1: the first floor(DRIFT_REFERENCE_FRAC * n) and the last
 * floor(DRIFT_CURRENT_FRAC * n) rows in the stable order (timestamp_utc, rowid), found by selection
 * (the frame is in rowid order, so ties at the boundary timestamp are taken by position). Block 2:
 * the operator's two ranges of UTC days.
 */
function windowBits(frame: FeatureFrame, refFrac: number, curFrac: number, ranges?: DriftDateRanges): Uint8Array {
  const { n, us } = frame
  const bits = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    if (frame.inHistory[i]) bits[i] |= 1
    if (frame.role[i] === ROLE_EVALUATION) bits[i] |= 2
  }
  // Floors in float64, as written: 0.4 * n and 0.2 * n, not n * 2 / 5.
  const kRef = Math.floor(refFrac * n)
  const kCur = Math.floor(curFrac * n)
  const sorted = kRef > 0 || kCur > 0 ? us.slice() : new Float64Array(0)
  if (kRef > 0) {
    // Ranks 0 .. kRef - 1: everything before the boundary value, then its first ties by position.
    const v = selectKth(sorted, kRef - 1)
    let ties = kRef - countBelow(us, v)
    for (let i = 0; i < n; i++) {
      if (us[i] < v) bits[i] |= 4
      else if (us[i] === v && ties > 0) {
        bits[i] |= 4
        ties--
      }
    }
  }
  if (kCur > 0) {
    // Ranks n - kCur .. n - 1: everything after the boundary value, and its ties from rank n - kCur on.
    // The first selection left ranks kRef on at the back of the array: the second looks only there.
    const first = n - kCur
    const from = kRef > 0 && first >= kRef ? kRef : 0
    const v = selectKth(sorted.subarray(from), first - from)
    let skip = first - countBelow(us, v)
    for (let i = 0; i < n; i++) {
      if (us[i] > v) bits[i] |= 8
      else if (us[i] === v) {
        if (skip > 0) skip--
        else bits[i] |= 8
      }
    }
  }
  if (ranges) {
    const { ref, cur } = dateRangeBounds(ranges)
    for (let i = 0; i < n; i++) {
      if (us[i] >= ref[0] && us[i] < ref[1]) bits[i] |= 16
      if (us[i] >= cur[0] && us[i] < cur[1]) bits[i] |= 32
    }
  }
  return bits
}

function countBelow(values: Float64Array, v: number): number {
  let c = 0
  for (let i = 0; i < values.length; i++) if (values[i] < v) c++
  return c
}

/** Row counts and first / last timestamps of every window. */
function windowStats(frame: FeatureFrame, bits: Uint8Array, pairs: PairSpec[]): DriftWindowPair[] {
  const sides = 2 * pairs.length
  const rows = new Float64Array(sides)
  const lo = new Float64Array(sides).fill(Infinity)
  const hi = new Float64Array(sides).fill(-Infinity)
  for (let i = 0; i < frame.n; i++) {
    const b = bits[i]
    if (b === 0) continue
    const t = frame.us[i]
    for (let s = 0; s < sides; s++) {
      if (!((b >> s) & 1)) continue
      rows[s]++
      if (t < lo[s]) lo[s] = t
      if (t > hi[s]) hi[s] = t
    }
  }
  const ts = (s: number, v: Float64Array): string | null => (rows[s] > 0 ? formatUtcMicros(v[s]) : null)
  return pairs.map((p, k) => ({
    kind: p.kind,
    windowing_method: p.method,
    reference_start_timestamp_utc: ts(2 * k, lo),
    reference_end_timestamp_utc: ts(2 * k, hi),
    current_start_timestamp_utc: ts(2 * k + 1, lo),
    current_end_timestamp_utc: ts(2 * k + 1, hi),
    reference_rows: rows[2 * k],
    current_rows: rows[2 * k + 1],
    ...(p.dateRanges ? { date_ranges: p.dateRanges } : {})
  }))
}

interface NumericCounts {
  /** distinct finite values, ascending */
  values: Float64Array
  ref: Float64Array[]
  cur: Float64Array[]
}

/**
 * Fixed-point values are counted per step when they span at most this many steps (the counts, eight
 * per step, then stay within a couple of megabytes); a wider span is sorted, which costs less than
 * counting into an array too large for the caches.
 */
const FIXED_POINT_MAX_STEPS = 1 << 20

/**
 * A numeric feature's distinct finite values (ascending) with each window's count of them (-0 and
 * 0 are one value for the ECDFs and the bins). Telemetry values are usually whole numbers or carry
 * a fixed number of decimals (costs, rates, scores): then every value is exactly k / 10^d for an
 * integer k in a short range, and the counts come from one counting pass over k; otherwise the
 * values of rows in any window are radix-sorted with their window bits and equal values merged.
 */
function numericCounts(column: Float64Array, bits: Uint8Array, nPairs: number): NumericCounts {
  return fixedPointCounts(column, bits, nPairs) ?? sortedCounts(column, bits, nPairs)
}

/**
 * {@link numericCounts} when every compared value v equals k / scale for an integer k, scale a power
 * of ten up to 10^9, with the k spanning at most FIXED_POINT_MAX_STEPS (checked on every value, so
 * the result is exact: the distinct values are rebuilt as k / scale, the very doubles they were).
 * Null when the data do not qualify.
 */
function fixedPointCounts(column: Float64Array, bits: Uint8Array, nPairs: number): NumericCounts | null {
  const n = column.length
  // Pass 1: the scale (the fewest decimals that write every value exactly) and each row's k;
  // rows outside every window get none. A larger scale found late rewrites the earlier k.
  const ks = new Float64Array(n)
  let scale = 1
  let kLo = Infinity
  let kHi = -Infinity
  for (let i = 0; i < n; i++) {
    const v = column[i]
    if (bits[i] === 0 || !Number.isFinite(v)) continue
    let k = Math.round(v * scale)
    if (k / scale !== v) {
      while (k / scale !== v) {
        if (scale >= 1e9) return null
        scale *= 10
        k = Math.round(v * scale)
      }
      // Earlier values under the new scale; one that no longer writes exactly ends the attempt.
      kLo = Infinity
      kHi = -Infinity
      for (let j = 0; j < i; j++) {
        const w = column[j]
        if (bits[j] === 0 || !Number.isFinite(w)) continue
        const kj = Math.round(w * scale)
        if (kj / scale !== w) return null
        ks[j] = kj
        if (kj < kLo) kLo = kj
        if (kj > kHi) kHi = kj
      }
    }
    ks[i] = k
    if (k < kLo) kLo = k
    if (k > kHi) kHi = k
  }
  if (kLo > kHi) return { values: new Float64Array(0), ref: Array.from({ length: nPairs }, () => new Float64Array(0)), cur: Array.from({ length: nPairs }, () => new Float64Array(0)) }
  const steps = kHi - kLo + 1
  if (!(steps <= 2 ** 32)) return null
  if (steps > FIXED_POINT_MAX_STEPS || steps > 4 * n) return sortedSteps(column, bits, nPairs, ks, kLo, scale)
  // Pass 2: one count per step and window bit.
  const sides = 2 * nPairs
  const counts = new Int32Array(steps * 8)
  for (let i = 0; i < n; i++) {
    const t = bits[i]
    if (t === 0 || !Number.isFinite(column[i])) continue
    const at = (ks[i] - kLo) * 8
    if (t & 1) counts[at]++
    if (t & 2) counts[at + 1]++
    if (t & 4) counts[at + 2]++
    if (t & 8) counts[at + 3]++
    if (t & 16) counts[at + 4]++
    if (t & 32) counts[at + 5]++
  }
  let distinct = 0
  for (let at = 0; at < steps; at++) {
    for (let b = 0; b < sides; b++) {
      if (counts[at * 8 + b] !== 0) {
        distinct++
        break
      }
    }
  }
  const values = new Float64Array(distinct)
  const out = Array.from({ length: sides }, () => new Float64Array(distinct))
  let j = 0
  for (let at = 0; at < steps; at++) {
    let any = false
    for (let b = 0; b < sides; b++) if (counts[at * 8 + b] !== 0) any = true
    if (!any) continue
    values[j] = (kLo + at) / scale
    for (let b = 0; b < sides; b++) out[b][j] = counts[at * 8 + b]
    j++
  }
  return { values, ref: Array.from({ length: nPairs }, (_, p) => out[2 * p]), cur: Array.from({ length: nPairs }, (_, p) => out[2 * p + 1]) }
}

/**
 * Fixed-point values spread over too many steps to count directly: their steps k - kLo (below
 * 2^32) are radix-sorted as 32-bit integers with the window bits, then equal steps merged and only
 * the distinct ones turned back into values.
 */
function sortedSteps(column: Float64Array, bits: Uint8Array, nPairs: number, ks: Float64Array, kLo: number, scale: number): NumericCounts {
  const n = column.length
  let m = 0
  for (let i = 0; i < n; i++) if (bits[i] !== 0 && Number.isFinite(column[i])) m++
  const keys = new Uint32Array(m)
  const tags = new Uint8Array(m)
  let j = 0
  for (let i = 0; i < n; i++) {
    if (bits[i] !== 0 && Number.isFinite(column[i])) {
      keys[j] = ks[i] - kLo
      tags[j++] = bits[i]
    }
  }
  sortUint32WithTags(keys, tags)
  const grouped = groupSorted(keys, tags, nPairs)
  const values = grouped.values
  for (let j = 0; j < values.length; j++) values[j] = (kLo + values[j]) / scale
  return grouped
}

/** {@link numericCounts} in general: a radix sort of the compared values with their window bits. */
function sortedCounts(column: Float64Array, bits: Uint8Array, nPairs: number): NumericCounts {
  const n = column.length
  let m = 0
  for (let i = 0; i < n; i++) if (bits[i] !== 0 && Number.isFinite(column[i])) m++
  const vals = new Float64Array(m)
  const tags = new Uint8Array(m)
  let k = 0
  for (let i = 0; i < n; i++) {
    if (bits[i] !== 0 && Number.isFinite(column[i])) {
      vals[k] = column[i]
      tags[k++] = bits[i]
    }
  }
  sortWithTags(vals, tags)
  return groupSorted(vals, tags, nPairs)
}

/** Distinct values of a sorted sample with each window's count of them (the tags carry the window bits). */
function groupSorted(vals: Float64Array | Uint32Array, tags: Uint8Array, nPairs: number): NumericCounts {
  const m = vals.length
  let distinct = 0
  for (let j = 0; j < m; j++) if (j === 0 || vals[j] !== vals[j - 1]) distinct++
  const values = new Float64Array(distinct)
  // One count per distinct value and window bit, unrolled over the (at most three) blocks.
  const c = Array.from({ length: 6 }, (_, b) => (b < 2 * nPairs ? new Float64Array(distinct) : new Float64Array(0)))
  const [r0, c0, r1, c1, r2, c2] = c
  let at = -1
  for (let j = 0; j < m; j++) {
    if (j === 0 || vals[j] !== vals[j - 1]) at++
    values[at] = vals[j]
    const t = tags[j]
    r0[at] += t & 1
    c0[at] += (t >> 1) & 1
    if (nPairs > 1) {
      r1[at] += (t >> 2) & 1
      c1[at] += (t >> 3) & 1
    }
    if (nPairs > 2) {
      r2[at] += (t >> 4) & 1
      c2[at] += (t >> 5) & 1
    }
  }
  const ref = Array.from({ length: nPairs }, (_, p) => c[2 * p])
  const cur = Array.from({ length: nPairs }, (_, p) => c[2 * p + 1])
  return { values, ref, cur }
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

/** Per-category window counts of a categorical feature: null first, then the dictionary's (sorted) order. */
function categoryCounts(column: CodedColumn, bits: Uint8Array, nPairs: number): CategoryCounts {
  const m = column.dictionary.length + 1
  // Rows counted by (category, window bits) first, then spread over the windows: one increment a row.
  const byTag = new Float64Array(m * 64)
  const { codes } = column
  for (let i = 0; i < codes.length; i++) {
    const t = bits[i]
    if (t !== 0) byTag[(codes[i] + 1) * 64 + t]++
  }
  const ref = Array.from({ length: nPairs }, () => new Float64Array(m))
  const cur = Array.from({ length: nPairs }, () => new Float64Array(m))
  for (let c = 0; c < m; c++) {
    for (let t = 1; t < 64; t++) {
      const k = byTag[c * 64 + t]
      if (k === 0) continue
      for (let p = 0; p < nPairs; p++) {
        if ((t >> (2 * p)) & 1) ref[p][c] += k
        if ((t >> (2 * p + 1)) & 1) cur[p][c] += k
      }
    }
  }
  return { values: [null, ...column.dictionary], ref, cur }
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
