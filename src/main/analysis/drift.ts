/** Drift report of PIPELINE.md section 8: per window pair, PSI and KS for numeric features, TV distance and chi-square for categorical ones, within the scope. */
import type { CategoricalDriftDistribution, DriftBlock, DriftDateRanges, DriftFeatureRow, DriftSeverity, DriftWindowKind, DriftWindowPair } from '../../shared/drift'
import { availableParallelism } from 'node:os'
import { CATEGORICAL_DIMENSIONS, INTERACTION_COLUMNS } from '../../shared/schema'
import type { IntegrityReport } from '../../shared/types'
import { float64Column } from '../engine/engine'
import type { CodedColumn } from '../ml/preprocess'
import { selectKth } from '../ml/select'
import { runWorker } from '../workers/runWorker'
import type { AnalysisContext } from './context'
import { type FeatureFrame, type FrameFeatures, formatUtcMicros, ROLE_EVALUATION, sharedFeatureFrame } from './featureFrame'
import { type DriftWorkerInput, type DriftWorkerOutput, numericFeatureRows, takeNumericFeatures } from './driftNumeric'
import { chiSquareTest, severityTv, tvDistanceFromCounts } from './stats'

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
  /**
   * Share the numeric features with a worker thread (the other core): by default when the frame
   * has at least PARALLEL_MIN_ROWS rows and the machine two cores; the analyze run turns it off,
   * its triage fit has the other core.
   */
  parallel?: boolean
}

/** A frame of at least this many rows has its numeric features shared with a worker thread by default (below it, starting the worker costs more than it saves). */
export const PARALLEL_MIN_ROWS = 200_000

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
  const columns = features.numeric.map((f) => {
    const column = frame.numeric[f]
    if (!column) throw new Error(`drift: the feature frame lacks ${f}`)
    return column
  })
  const parallel = (opts.parallel ?? (frame.n >= PARALLEL_MIN_ROWS && availableParallelism() >= 2)) && columns.length >= 2
  // The worker starts first: it boots while this thread writes the window bits it waits for.
  const helper = parallel ? startHelper([...features.numeric], columns, frame.n, pairs.length) : null
  try {
    const bits = windowBits(frame, ctx.knobs.DRIFT_REFERENCE_FRAC, ctx.knobs.DRIFT_CURRENT_FRAC, opts.dateRanges, helper?.input.bits)
    helper?.go()
    const windows = windowStats(frame, bits, pairs)
    const rows: DriftFeatureRow[][] = pairs.map(() => [])
    for (const f of features.categorical) {
      const column = frame.categorical[f]
      if (!column) throw new Error(`drift: the feature frame lacks ${f}`)
      const g = categoryCounts(column, bits, pairs.length)
      for (let k = 0; k < pairs.length; k++) rows[k].push(categoricalDrift(f, g, k))
    }
    let numeric: DriftFeatureRow[][]
    if (helper) numeric = await shareNumeric(helper)
    else {
      const scratch = new Float64Array(frame.n)
      numeric = features.numeric.map((f, j) => numericFeatureRows(f, columns[j], bits, pairs.length, scratch))
    }
    for (const byPair of numeric) for (let k = 0; k < pairs.length; k++) rows[k].push(byPair[k])
    return pairs.map((_, k) => ({ window: windows[k], features: sortDriftRows(rows[k]) }))
  } finally {
    helper?.stop()
  }
}

/** `a` itself when it lives in shared memory (the frame's columns do), else a copy there. */
function shared(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a
  const copy = float64Column(a.length, true)
  copy.set(a)
  return copy
}

/** A driftWorker thread that shares the numeric features with this one (see shareNumeric). */
interface DriftHelper {
  input: DriftWorkerInput
  result: Promise<DriftWorkerOutput | null>
  /** the window bits are written: the worker may start taking features */
  go: () => void
  /** ends the worker, waiting or not (a no-op once it answered) */
  stop: () => void
}

/** Starts the worker on shared memory: the frame's columns, window bits still to be written, the feature counter. */
function startHelper(features: string[], columns: Float64Array[], n: number, nPairs: number): DriftHelper {
  const input: DriftWorkerInput = {
    features,
    columns: columns.map(shared),
    bits: new Uint8Array(new SharedArrayBuffer(n)),
    nPairs,
    next: new Int32Array(new SharedArrayBuffer(4)),
    ready: new Int32Array(new SharedArrayBuffer(4))
  }
  const abort = new AbortController()
  // A worker that fails (or cannot start) leaves its features to this thread.
  const result = runWorker<DriftWorkerInput, DriftWorkerOutput>('driftWorker', input, { signal: abort.signal }).catch(() => null)
  return {
    input,
    result,
    go: () => {
      Atomics.store(input.ready, 0, 1)
      Atomics.notify(input.ready, 0)
    },
    stop: () => {
      // A worker still waiting for the bits (this thread failed before writing them) wakes and returns.
      Atomics.compareExchange(input.ready, 0, 0, 2)
      Atomics.notify(input.ready, 0)
      abort.abort()
    }
  }
}

/**
 * Every numeric feature's rows, in feature order: the worker and this thread take features from
 * one shared counter, so the two cores split the work whatever each feature costs; a feature the
 * worker took but did not answer for is computed here.
 */
async function shareNumeric(helper: DriftHelper): Promise<DriftFeatureRow[][]> {
  const { input } = helper
  const out: (DriftFeatureRow[] | undefined)[] = input.features.map(() => undefined)
  takeNumericFeatures(input, (j, rows) => (out[j] = rows))
  for (const [j, rows] of (await helper.result)?.rows ?? []) out[j] = rows
  return out.map((rows, j) => rows ?? numericFeatureRows(input.features[j], input.columns[j], input.bits, input.nPairs))
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
function windowBits(frame: FeatureFrame, refFrac: number, curFrac: number, ranges: DriftDateRanges | undefined, into?: Uint8Array): Uint8Array {
  const { n, us } = frame
  const bits = into ?? new Uint8Array(n)
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
