/**
 * The numeric half of the drift report (PIPELINE.md section 8): a feature's distinct values with
 * their per-window counts, and PSI and KS on them exactly as on the raw values. Free of the engine
 * and the app's schema, so the drift worker thread loads only this.
 */
import type { DriftFeatureRow, NumericDriftDistribution } from '../../shared/drift'
import { sortUint32WithTags, sortWithTags } from '../ml/radixSort'
import { kolmogorovSf, ksTwoSample, PSI_LEVELS, quantileAt, roundHalfEven, severityPsi } from './stats'

/** SciPy's ks_2samp(method='auto') is exact while both samples have at most this many values (stats.ts follows it). */
const KS_MAX_EXACT_N = 10000

const PSI_MIN_VALUES = 50
const PSI_BINS = 10
const PSI_FLOOR = 1e-6

/** What the drift worker computes: the numeric features' rows, over shared memory. */
export interface DriftWorkerInput {
  features: string[]
  columns: Float64Array[]
  bits: Uint8Array
  nPairs: number
  /** the next feature to take (SharedArrayBuffer): this thread and the worker both take from it */
  next: Int32Array
  /** 1 once `bits` is written, 2 when the caller gave up first (SharedArrayBuffer): the worker waits for either */
  ready: Int32Array
}

export interface DriftWorkerOutput {
  /** [feature index, its row per window pair] for each feature the worker took */
  rows: [number, DriftFeatureRow[]][]
}

/**
 * One numeric feature's row per window pair. `scratch` (one value per row, any content) is working
 * memory a caller computing several features passes to each, instead of one allocation per feature.
 */
export function numericFeatureRows(feature: string, column: Float64Array, bits: Uint8Array, nPairs: number, scratch: Float64Array = new Float64Array(column.length)): DriftFeatureRow[] {
  const g = numericCounts(column, bits, nPairs, scratch)
  return Array.from({ length: nPairs }, (_, k) => numericDrift(feature, g.values, g.ref[k], g.cur[k]))
}

/** Computes features off the shared counter (each index is taken once, by whichever thread gets to it first) until none is left. */
export function takeNumericFeatures(input: DriftWorkerInput, done: (index: number, rows: DriftFeatureRow[]) => void): void {
  let scratch: Float64Array | undefined
  for (;;) {
    const j = Atomics.add(input.next, 0, 1)
    if (j >= input.features.length) return
    scratch ??= new Float64Array(input.bits.length)
    done(j, numericFeatureRows(input.features[j], input.columns[j], input.bits, input.nPairs, scratch))
  }
}

interface NumericCounts {
  /** distinct finite values, ascending */
  values: Float64Array
  ref: Float64Array[]
  cur: Float64Array[]
}

/** Fixed-point values are counted per step when they span at most this many steps (and at most four per value); a wider span is sorted. */
const FIXED_POINT_MAX_STEPS = 1 << 20

/**
 * A numeric feature's distinct finite values (ascending) with each window's count of them (-0 and
 * 0 are one value for the ECDFs and the bins). Telemetry values are usually whole numbers or carry
 * a fixed number of decimals (costs, rates, scores): then every value is exactly k / 10^d for an
 * integer k in a short range, and the counts come from one counting pass over k; otherwise the
 * values of rows in any window are radix-sorted with their window bits and equal values merged.
 */
function numericCounts(column: Float64Array, bits: Uint8Array, nPairs: number, scratch: Float64Array): NumericCounts {
  return fixedPointCounts(column, bits, nPairs, scratch) ?? sortedCounts(column, bits, nPairs)
}

/**
 * {@link numericCounts} when every compared value v equals k / scale for an integer k, scale a power
 * of ten up to 10^9, with the k spanning at most FIXED_POINT_MAX_STEPS (checked on every value, so
 * the result is exact: the distinct values are rebuilt as k / scale, the very doubles they were).
 * Null when the data do not qualify.
 */
function fixedPointCounts(column: Float64Array, bits: Uint8Array, nPairs: number, scratch: Float64Array): NumericCounts | null {
  const n = column.length
  // The scale and each compared row's k, in the scratch memory (rows outside every window get none:
  // their slots are never read).
  const ks = scratch
  const found = fixedPointScale(column, bits, ks)
  if (found === null) return null
  const { scale, kLo, kHi, compared } = found
  if (kLo > kHi) return { values: new Float64Array(0), ref: Array.from({ length: nPairs }, () => new Float64Array(0)), cur: Array.from({ length: nPairs }, () => new Float64Array(0)) }
  const steps = kHi - kLo + 1
  if (!(steps <= 2 ** 32)) return null
  if (steps > FIXED_POINT_MAX_STEPS || steps > 4 * n) return sortedSteps(column, bits, nPairs, ks, kLo, scale, compared)
  // One count per step and window bit.
  const sides = 2 * nPairs
  const counts = new Int32Array(steps * 8)
  countSteps(column, bits, ks, kLo, counts)
  const distinct = stepsSeen(counts, steps, sides)
  const values = new Float64Array(distinct)
  const out = Array.from({ length: sides }, () => new Float64Array(distinct))
  spreadSteps(counts, steps, sides, kLo, scale, values, out)
  return { values, ref: Array.from({ length: nPairs }, (_, p) => out[2 * p]), cur: Array.from({ length: nPairs }, (_, p) => out[2 * p + 1]) }
}

// The passes of fixedPointCounts and sortedSteps, each a function of its own: a process computes
// each feature once, cold, and V8 then compiles each pass whole; with the passes inline it compiled
// the caller mid-loop (on-stack replacement) without feedback for the code after the loop, threw
// that away on reaching it, and did so again feature after feature (~50% more time on first use).

/**
 * The fewest decimals that write every compared value exactly (scale = 10^d, up to 10^9) and each
 * compared row's k = v * scale, into ks; the lowest and highest k and the number of compared rows
 * (a window bit and a finite value). A larger scale found late rewrites the earlier k. Null when
 * some value needs more than nine decimals.
 */
function fixedPointScale(column: Float64Array, bits: Uint8Array, ks: Float64Array): { scale: number; kLo: number; kHi: number; compared: number } | null {
  let scale = 1
  let kLo = Infinity
  let kHi = -Infinity
  let compared = 0
  for (let i = 0; i < column.length; i++) {
    const v = column[i]
    if (bits[i] === 0 || !Number.isFinite(v)) continue
    compared++
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
  return { scale, kLo, kHi, compared }
}

/** counts[(k - kLo) * 8 + b] += 1 for each compared row and each of its window bits b. */
function countSteps(column: Float64Array, bits: Uint8Array, ks: Float64Array, kLo: number, counts: Int32Array): void {
  const lo = +kLo
  for (let i = 0; i < column.length; i++) {
    const t = bits[i]
    if (t === 0 || !Number.isFinite(column[i])) continue
    const at = (ks[i] - lo) * 8
    if (t & 1) counts[at]++
    if (t & 2) counts[at + 1]++
    if (t & 4) counts[at + 2]++
    if (t & 8) counts[at + 3]++
    if (t & 16) counts[at + 4]++
    if (t & 32) counts[at + 5]++
  }
}

/** How many steps some row of some window holds. */
function stepsSeen(counts: Int32Array, steps: number, sides: number): number {
  let distinct = 0
  for (let at = 0; at < steps; at++) {
    for (let b = 0; b < sides; b++) {
      if (counts[at * 8 + b] !== 0) {
        distinct++
        break
      }
    }
  }
  return distinct
}

/** The value (kLo + step) / scale of each step some row holds, into values, and each window bit's count of it, into out. */
function spreadSteps(counts: Int32Array, steps: number, sides: number, kLo: number, scale: number, values: Float64Array, out: Float64Array[]): void {
  const lo = +kLo
  const sc = +scale
  let j = 0
  for (let at = 0; at < steps; at++) {
    let any = false
    for (let b = 0; b < sides; b++) if (counts[at * 8 + b] !== 0) any = true
    if (!any) continue
    values[j] = (lo + at) / sc
    for (let b = 0; b < sides; b++) out[b][j] = counts[at * 8 + b]
    j++
  }
}

/**
 * Fixed-point values spread over too many steps to count directly: their steps k - kLo (below
 * 2^32) are radix-sorted as 32-bit integers with the window bits, then equal steps merged and only
 * the distinct ones turned back into values. `m` is the number of compared rows (those with a k).
 */
function sortedSteps(column: Float64Array, bits: Uint8Array, nPairs: number, ks: Float64Array, kLo: number, scale: number, m: number): NumericCounts {
  const keys = new Uint32Array(m)
  const tags = new Uint8Array(m)
  gatherSteps(column, bits, ks, kLo, keys, tags)
  sortUint32WithTags(keys, tags)
  // As doubles (exact: steps are below 2^32), so one grouping loop serves both paths.
  const grouped = groupSorted(Float64Array.from(keys), tags, nPairs)
  stepsToValues(grouped.values, kLo, scale)
  return grouped
}

/** The step k - kLo and the window bits of each compared row, in row order. */
function gatherSteps(column: Float64Array, bits: Uint8Array, ks: Float64Array, kLo: number, keys: Uint32Array, tags: Uint8Array): void {
  const lo = +kLo
  let j = 0
  for (let i = 0; i < column.length; i++) {
    if (bits[i] !== 0 && Number.isFinite(column[i])) {
      keys[j] = ks[i] - lo
      tags[j++] = bits[i]
    }
  }
}

function stepsToValues(values: Float64Array, kLo: number, scale: number): void {
  const lo = +kLo
  const sc = +scale
  for (let j = 0; j < values.length; j++) values[j] = (lo + values[j]) / sc
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
function groupSorted(vals: Float64Array, tags: Uint8Array, nPairs: number): NumericCounts {
  const distinct = countDistinctSorted(vals)
  const values = new Float64Array(distinct)
  // One count per distinct value and window bit, unrolled over the (at most three) blocks.
  const c = Array.from({ length: 6 }, (_, b) => (b < 2 * nPairs ? new Float64Array(distinct) : new Float64Array(0)))
  tallySorted(vals, tags, nPairs, values, c[0], c[1], c[2], c[3], c[4], c[5])
  const ref = Array.from({ length: nPairs }, (_, p) => c[2 * p])
  const cur = Array.from({ length: nPairs }, (_, p) => c[2 * p + 1])
  return { values, ref, cur }
}

function countDistinctSorted(vals: Float64Array): number {
  let distinct = 0
  for (let j = 0; j < vals.length; j++) if (j === 0 || vals[j] !== vals[j - 1]) distinct++
  return distinct
}

/** Each distinct value of the sorted sample into values, and the rows of each window bit holding it into its counts. */
function tallySorted(
  vals: Float64Array,
  tags: Uint8Array,
  nPairs: number,
  values: Float64Array,
  r0: Float64Array,
  c0: Float64Array,
  r1: Float64Array,
  c1: Float64Array,
  r2: Float64Array,
  c2: Float64Array
): void {
  let at = -1
  for (let j = 0; j < vals.length; j++) {
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
  const curRange = new Float64Array(2)
  cumulativeCounts(values, a, b, cum, curRange)
  const curMin = curRange[0]
  const curMax = curRange[1]
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
  const ref = new Float64Array(nb)
  const cur = new Float64Array(nb)
  binCounts(values, a, b, Float64Array.from(edges), ref, cur)
  const refCounts = Array.from(ref)
  const curCounts = Array.from(cur)
  let sum = 0
  for (let k = 0; k < nb; k++) {
    const p = clip(refCounts[k] / Math.max(nA, 1), PSI_FLOOR, 1)
    const q = clip(curCounts[k] / Math.max(nB, 1), PSI_FLOOR, 1)
    sum += (q - p) * Math.log(q / p)
  }
  return { psi: sum, edges, refCounts, curCounts }
}

// The loops of the PSI and KS over the distinct values, each a function of its own (see fixedPointCounts).

/** Running count of the reference window into cum, and the current window's lowest and highest value into curRange. */
function cumulativeCounts(values: Float64Array, a: Float64Array, b: Float64Array, cum: Float64Array, curRange: Float64Array): void {
  let s = 0
  let curMin = Infinity
  let curMax = -Infinity
  for (let j = 0; j < values.length; j++) {
    s += a[j]
    cum[j] = s
    if (b[j] > 0) {
      if (values[j] < curMin) curMin = values[j]
      if (values[j] > curMax) curMax = values[j]
    }
  }
  curRange[0] = curMin
  curRange[1] = curMax
}

/** Each window's rows per bin [e_i, e_i+1) (the last closed), the values ascending and all within the edges. */
function binCounts(values: Float64Array, a: Float64Array, b: Float64Array, edges: Float64Array, ref: Float64Array, cur: Float64Array): void {
  const nb = edges.length - 1
  let bin = 0
  for (let j = 0; j < values.length; j++) {
    const v = values[j]
    while (bin < nb - 1 && edges[bin + 1] <= v) bin++
    ref[bin] += a[j]
    cur[bin] += b[j]
  }
}

/** The largest and the smallest difference of the two ECDFs over the values, into out. */
function ecdfDifferences(values: Float64Array, a: Float64Array, b: Float64Array, nA: number, nB: number, out: Float64Array): void {
  const na = +nA
  const nbb = +nB
  let i = 0
  let j = 0
  let maxDiff = -Infinity
  let minDiff = Infinity
  for (let k = 0; k < values.length; k++) {
    if (a[k] === 0 && b[k] === 0) continue
    i += a[k]
    j += b[k]
    const diff = i / na - j / nbb
    if (diff > maxDiff) maxDiff = diff
    if (diff < minDiff) minDiff = diff
  }
  out[0] = maxDiff
  out[1] = minDiff
}

/** The sum of the counts, in order. */
function total(counts: Float64Array): number {
  let s = 0
  for (let j = 0; j < counts.length; j++) s += counts[j]
  return s
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
  const diffs = new Float64Array(2)
  ecdfDifferences(values, a, b, nA, nB, diffs)
  const maxDiff = diffs[0]
  const minDiff = diffs[1]
  const minS = clip(-minDiff, 0, 1)
  const d = minS > maxDiff ? minS : maxDiff
  const big = Math.max(nA, nB)
  const small = Math.min(nA, nB)
  const en = (big * small) / (big + small)
  return { statistic: d, pvalue: clip(kolmogorovSf(roundHalfEven(en), d), 0, 1) }
}

function numericDrift(feature: string, values: Float64Array, a: Float64Array, b: Float64Array): DriftFeatureRow {
  const nA = total(a)
  const nB = total(b)
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
