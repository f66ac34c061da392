/** Triage threshold analysis of PIPELINE.md section 9: takes the window rows from the scope's feature frame, fits and calibrates the failure model in a worker, sweeps the review thresholds and builds the review queue. */
import {
  TRIAGE_CURVE_MAX_POINTS,
  TRIAGE_LABEL_DEFINITION,
  type TriagePrPoint,
  type TriageProgress,
  type TriageQueueRow,
  type TriageResult,
  type TriageRocPoint,
  type TriageRowCounts,
  type TriageTimeSplit,
  type TriageUnavailableReason
} from '../../shared/triage'
import type { IntegrityReport } from '../../shared/types'
import type { Engine, SqlValue } from '../engine/engine'
import { aucFromCounts, averagePrecisionFromCounts, thresholdCounts, type ThresholdCounts } from '../ml/metrics'
import { sortedOrder } from '../ml/radixSort'
import { runWorker, WorkerCancelled } from '../workers/runWorker'
import { trainAndScore, type TriageRowsIn, type TriageWorkerInput, type TriageWorkerOutput } from '../workers/triageWorker'
import type { AnalysisContext } from './context'
import { driftFeatures, presentInteractionColumns } from './drift'
import { type FeatureFrame, type FrameFeatures, formatUtcMicros, mergeFeatures, ROLE_CALIBRATION, ROLE_EVALUATION, ROLE_FIT, ROLE_NONE, sharedFeatureFrame } from './featureFrame'
import { compileScope } from './scopeSql'
import { sweepTriageThresholds } from './triageSweep'

/** Numeric model features in design order (those the file provides are used). */
export const TRIAGE_NUMERIC_FEATURES = [
  'latency_ms',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cost_usd',
  'tool_calls_count',
  'tokens_per_second',
  'prompt_to_completion_ratio'
] as const

/** Categorical model features in design order. */
export const TRIAGE_CATEGORICAL_FEATURES = ['model_provider', 'model_name', 'use_case', 'channel', 'account_tier', 'region', 'segment'] as const

/** The triage features the loaded file provides, in design order. */
export function triageFeatures(report: IntegrityReport): FrameFeatures {
  const present = presentInteractionColumns(report)
  return { numeric: TRIAGE_NUMERIC_FEATURES.filter((f) => present.has(f)), categorical: TRIAGE_CATEGORICAL_FEATURES.filter((f) => present.has(f)) }
}

export interface TriageOptions {
  onProgress?: (p: TriageProgress) => void
  /** aborting interrupts the running query or terminates the worker; the promise rejects with TriageCancelled */
  signal?: AbortSignal
  /** fit on the calling thread instead of a worker (for small data and tests) */
  inProcess?: boolean
  /** The scope's feature frame when the caller has it already (the analyze run shares one with drift). */
  frame?: FeatureFrame
  /** Build only the first rows of the review queue (the CLI writes 2000); every row when omitted. */
  queueLimit?: number
}

export class TriageCancelled extends Error {
  constructor() {
    super('triage cancelled')
    this.name = 'TriageCancelled'
  }
}

type Role = 'fit' | 'calibration' | 'evaluation'

interface RoleStats {
  n: number
  pos: number
  lo: string | null
  hi: string | null
}

/**
 * Runs the triage analysis over the scope's fit, calibration and evaluation rows. Returns a typed
 * `unavailable` result (never NaN, never a throw) when there is no feature, no fit row, a single
 * class in the fit rows, or no evaluation row. The rows come from the feature frame (pulled here
 * unless the caller shares one); the preprocessing, fit, calibration and scoring run in the
 * `triageWorker` thread while the evaluation rows' ids are read.
 */
export async function runTriage(ctx: AnalysisContext, opts: TriageOptions = {}): Promise<TriageResult> {
  const { engine, knobs } = ctx
  const progress = (phase: string, fraction: number | null): void => opts.onProgress?.({ phase, fraction })
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new TriageCancelled()
  }
  const onAbort = (): void => engine.interrupt()
  opts.signal?.addEventListener('abort', onAbort)
  try {
    checkCancel()
    progress('reading rows', 0)
    const features = triageFeatures(ctx.report)
    const featuresNum = [...features.numeric]
    const featuresCat = [...features.categorical]
    const blockedBy = ctx.report.gates_failed.filter((g) => !ctx.overrideGates.includes(g))
    const scope = compileScope(ctx.scope, 'i')

    // The drift features come along (a superset here): the Drift page then reads the same frame.
    const frame = opts.frame ?? (await sharedFeatureFrame(ctx, mergeFeatures(driftFeatures(ctx.report), { numeric: featuresNum, categorical: featuresCat })))
    checkCancel()
    const stats = roleStats(frame)
    const rows: TriageRowCounts = { fit: stats.fit.n, calibration: stats.calibration.n, evaluation: stats.evaluation.n }
    const w = ctx.report.windows
    const timeSplit = (fallback: boolean): TriageTimeSplit => ({
      windowing_method: w.windowing_method,
      history_start_timestamp_utc: stats.history.lo,
      history_end_timestamp_utc: stats.history.hi,
      calibration_source: fallback ? 'fit_rows_fallback' : w.calibration_source,
      calibration_start_timestamp_utc: stats.calibration.lo,
      calibration_end_timestamp_utc: stats.calibration.hi,
      evaluation_start_timestamp_utc: stats.evaluation.lo,
      evaluation_end_timestamp_utc: stats.evaluation.hi,
      cut_ts: w.cut_ts,
      fit_start_timestamp_utc: stats.fit.lo,
      fit_end_timestamp_utc: stats.fit.hi
    })
    const unavailable = (reason: TriageUnavailableReason, detail: string): TriageResult => ({
      status: 'unavailable',
      reason,
      detail,
      label_definition: TRIAGE_LABEL_DEFINITION,
      features_num: featuresNum,
      features_cat: featuresCat,
      rows,
      time_split: timeSplit(false),
      blocked_by: blockedBy
    })
    if (featuresNum.length + featuresCat.length === 0) return unavailable('no_features', 'the interactions file has none of the triage features')
    if (rows.fit === 0) return unavailable('no_fit_rows', 'no fit rows in the history window (within the current filters)')
    if (stats.fit.pos === 0 || stats.fit.pos === rows.fit) {
      const cls = stats.fit.pos === 0 ? 'no failure' : 'only failures'
      return unavailable('fit_single_class', `the ${rows.fit} fit rows hold ${cls}; a failure model needs both classes`)
    }
    if (rows.evaluation === 0) return unavailable('no_evaluation_rows', 'no evaluation rows (within the current filters)')

    const roles = roleRows(frame, featuresNum, featuresCat)
    // The evaluation rows' ids (for the queue and its ties) are read while the model fits.
    const evalIdsRead = evaluationIds(engine, scope.where, scope.params, roles.evaluation.n)
    evalIdsRead.catch(() => undefined)
    progress('reading rows', 0.3)

    // The evaluation rows' times stay here (the queue's texts): the worker gets the three windows.
    const input: TriageWorkerInput = {
      featuresNum,
      featuresCat,
      dictionaries: featuresCat.map((f) => [...frame.categorical[f].dictionary]),
      fit: roles.fit,
      calibration: roles.calibration,
      evaluation: roles.evaluation
    }
    const evaluation = roles.evaluation
    // Kept for the queue before the worker takes the buffers.
    const yEval = evaluation.y.slice()
    const display = queueColumns(featuresNum, featuresCat, evaluation, input.dictionaries)
    const mapProgress = (phase: string, fraction: number | null): void => progress(phase, fraction === null ? null : 0.3 + 0.6 * fraction)
    const fitted: Promise<TriageWorkerOutput> = opts.inProcess
      ? Promise.resolve().then(() => trainAndScore(input, mapProgress))
      : runWorker<TriageWorkerInput, TriageWorkerOutput>('triageWorker', input, {
          onProgress: (p) => mapProgress(p.phase, p.fraction),
          signal: opts.signal,
          transfer: transferList(input)
        })
    fitted.catch(() => undefined)
    // While the worker fits: the evaluation rows' days and timestamps.
    const times = utcTexts(roles.evaluationUs)
    let out: TriageWorkerOutput
    try {
      out = await fitted
    } catch (err) {
      if (err instanceof WorkerCancelled) throw new TriageCancelled()
      throw err
    }
    checkCancel()
    const evalIds = await evalIdsRead

    progress('sweeping thresholds', 0.9)
    const proba = out.proba
    const n = proba.length
    let pos = 0
    for (let i = 0; i < n; i++) pos += yEval[i]
    const ids = evalIds.map((id) => id ?? '')
    const sweep = sweepTriageThresholds({ proba, y: yEval, day: times.day, id: ids }, knobs)
    if (!sweep) return unavailable('no_evaluation_rows', 'no evaluation rows (within the current filters)')

    // One ranking of the evaluation rows gives the queue's order, the AUC, the AP and both curves.
    const asc = sortedOrder(proba)
    const ranking = thresholdCounts(proba, yEval, asc)
    const queue = buildQueue(proba, asc, sweep.threshold, evalIds, times.timestampAt, display, opts.queueLimit)
    progress('done', 1)
    return {
      status: 'ok',
      label_definition: TRIAGE_LABEL_DEFINITION,
      features_num: featuresNum,
      features_cat: featuresCat,
      rows,
      time_split: timeSplit(out.calibrationFallback),
      model: {
        lr_n_iter: out.lrNIter,
        lr_converged: out.lrConverged,
        lr_grad_norm: out.lrGradNorm,
        n_inputs: out.nInputs,
        platt_A: out.plattA,
        platt_B: out.plattB,
        platt_converged: out.plattConverged,
        calibration_fallback: out.calibrationFallback ? 'fit_rows_fallback' : null,
        calibration_rows_used: out.calibrationRowsUsed
      },
      metrics: { roc_auc: aucFromCounts(ranking), avg_precision: averagePrecisionFromCounts(ranking), test_base_rate: pos / n, test_size: n },
      threshold: sweep.threshold,
      operating_mode: sweep.operating_mode,
      capacity_infeasible_flag: sweep.capacity_infeasible_flag,
      selected_policy_metrics: sweep.comparison[0],
      cost_optimal_threshold: sweep.cost_optimal_threshold,
      cost_optimal_feasible: sweep.cost_optimal_feasible,
      days_in_evaluation: sweep.days_in_evaluation,
      curve: sweep.curve,
      comparison: sweep.comparison,
      unseen_categories: out.unseen,
      roc_curve: rocCurveOf(ranking),
      pr_curve: prCurveOf(ranking),
      queue,
      blocked_by: blockedBy
    }
  } catch (err) {
    if (opts.signal?.aborted && !(err instanceof TriageCancelled)) throw new TriageCancelled()
    throw err
  } finally {
    opts.signal?.removeEventListener('abort', onAbort)
  }
}

/** Row count, failures and first / last timestamp of the history window and of each role, within the scope. */
function roleStats(frame: FeatureFrame): Record<'history' | Role, RoleStats> {
  // Slot 0 history, then the roles by their frame code (fit 1, calibration 2, evaluation 3).
  const n = new Float64Array(4)
  const pos = new Float64Array(4)
  const lo = new Float64Array(4).fill(Infinity)
  const hi = new Float64Array(4).fill(-Infinity)
  const add = (slot: number, i: number): void => {
    n[slot]++
    pos[slot] += frame.failure[i]
    const t = frame.us[i]
    if (t < lo[slot]) lo[slot] = t
    if (t > hi[slot]) hi[slot] = t
  }
  for (let i = 0; i < frame.n; i++) {
    if (frame.inHistory[i]) add(0, i)
    if (frame.role[i] !== ROLE_NONE) add(frame.role[i], i)
  }
  const get = (slot: number): RoleStats => ({ n: n[slot], pos: pos[slot], lo: n[slot] ? formatUtcMicros(lo[slot]) : null, hi: n[slot] ? formatUtcMicros(hi[slot]) : null })
  return { history: get(0), fit: get(ROLE_FIT), calibration: get(ROLE_CALIBRATION), evaluation: get(ROLE_EVALUATION) }
}

/** The fit, calibration and evaluation rows of the frame as the worker takes them (each role in table order), with the evaluation rows' timestamps. */
function roleRows(frame: FeatureFrame, featuresNum: string[], featuresCat: string[]): Record<Role, TriageRowsIn> & { evaluationUs: Float64Array } {
  const count = new Int32Array(4)
  for (let i = 0; i < frame.n; i++) count[frame.role[i]]++
  // Each column is read once and dealt to the three roles (three gathers would read it three times).
  const num = featuresNum.map((f) => splitFloat64(frame.numeric[f], frame.role, count))
  const cat = featuresCat.map((f) => splitInt32(frame.categorical[f].codes, frame.role, count))
  const y = splitUint8(frame.failure, frame.role, count)
  const rows = (code: number): TriageRowsIn => ({ n: count[code], num: num.map((parts) => parts[code]), cat: cat.map((parts) => parts[code]), y: y[code] })
  return { fit: rows(ROLE_FIT), calibration: rows(ROLE_CALIBRATION), evaluation: rows(ROLE_EVALUATION), evaluationUs: valuesOfRole(frame.us, frame.role, ROLE_EVALUATION, count[ROLE_EVALUATION]) }
}

/** The n values of src whose role is `code`, in order. */
function valuesOfRole(src: Float64Array, role: Uint8Array, code: number, n: number): Float64Array {
  const out = new Float64Array(n)
  let k = 0
  for (let i = 0; i < src.length; i++) if (role[i] === code) out[k++] = src[i]
  return out
}

// The values of src split by role: [none (empty), fit, calibration, evaluation], each in row order.
// One function per array type (each stays monomorphic), a branch per role (faster than indexing an
// array of outputs); the loop is a function of its own, compiled whole on first use.
function splitFloat64(src: Float64Array, role: Uint8Array, count: Int32Array): Float64Array[] {
  const out = [new Float64Array(0), new Float64Array(count[ROLE_FIT]), new Float64Array(count[ROLE_CALIBRATION]), new Float64Array(count[ROLE_EVALUATION])]
  dealFloat64(src, role, out[ROLE_FIT], out[ROLE_CALIBRATION], out[ROLE_EVALUATION])
  return out
}
function dealFloat64(src: Float64Array, role: Uint8Array, fit: Float64Array, cal: Float64Array, ev: Float64Array): void {
  let f = 0
  let c = 0
  let e = 0
  for (let i = 0; i < src.length; i++) {
    const code = role[i]
    if (code === ROLE_FIT) fit[f++] = src[i]
    else if (code === ROLE_CALIBRATION) cal[c++] = src[i]
    else if (code === ROLE_EVALUATION) ev[e++] = src[i]
  }
}
function splitInt32(src: Int32Array, role: Uint8Array, count: Int32Array): Int32Array[] {
  const out = [new Int32Array(0), new Int32Array(count[ROLE_FIT]), new Int32Array(count[ROLE_CALIBRATION]), new Int32Array(count[ROLE_EVALUATION])]
  dealInt32(src, role, out[ROLE_FIT], out[ROLE_CALIBRATION], out[ROLE_EVALUATION])
  return out
}
function dealInt32(src: Int32Array, role: Uint8Array, fit: Int32Array, cal: Int32Array, ev: Int32Array): void {
  let f = 0
  let c = 0
  let e = 0
  for (let i = 0; i < src.length; i++) {
    const code = role[i]
    if (code === ROLE_FIT) fit[f++] = src[i]
    else if (code === ROLE_CALIBRATION) cal[c++] = src[i]
    else if (code === ROLE_EVALUATION) ev[e++] = src[i]
  }
}
function splitUint8(src: Uint8Array, role: Uint8Array, count: Int32Array): Uint8Array[] {
  const out = [new Uint8Array(0), new Uint8Array(count[ROLE_FIT]), new Uint8Array(count[ROLE_CALIBRATION]), new Uint8Array(count[ROLE_EVALUATION])]
  dealUint8(src, role, out[ROLE_FIT], out[ROLE_CALIBRATION], out[ROLE_EVALUATION])
  return out
}
function dealUint8(src: Uint8Array, role: Uint8Array, fit: Uint8Array, cal: Uint8Array, ev: Uint8Array): void {
  let f = 0
  let c = 0
  let e = 0
  for (let i = 0; i < src.length; i++) {
    const code = role[i]
    if (code === ROLE_FIT) fit[f++] = src[i]
    else if (code === ROLE_CALIBRATION) cal[c++] = src[i]
    else if (code === ROLE_EVALUATION) ev[e++] = src[i]
  }
}

/** interaction_id of the evaluation rows in table order (the frame's order). */
async function evaluationIds(engine: Engine, where: string, params: SqlValue[], expected: number): Promise<(string | null)[]> {
  const ev = await engine.columns(`SELECT i.interaction_id AS id FROM interactions i WHERE (${where}) AND i.win_role = 'evaluation' ORDER BY i.rowid`, params)
  const ids = columnOf(ev, 0)
  if (ids.length !== expected) throw new Error('triage: evaluation rows changed between reads')
  return ids.map((v) => (v === null ? null : String(v)))
}

/**
 * Each evaluation row's UTC day (YYYY-MM-DD), and its timestamp text (YYYY-MM-DD HH:MM:SS+00:00)
 * on demand (the queue shows a few thousand of the rows), built from the microseconds with one date
 * formatting per distinct day and one 'YYYY-MM-DD HH:MM:' prefix per distinct minute, so a row
 * costs one concatenation.
 */
function utcTexts(us: Float64Array): { day: string[]; timestampAt: (i: number) => string } {
  const days = new Map<number, { text: string; minutes: string[] }>()
  const dayEntry = (d: number): { text: string; minutes: string[] } => {
    let entry = days.get(d)
    if (entry === undefined) {
      entry = { text: new Date(d * 86_400_000).toISOString().slice(0, 10), minutes: new Array<string>(1440) }
      days.set(d, entry)
    }
    return entry
  }
  const day: string[] = new Array(us.length)
  let lastDay = NaN
  let text = ''
  for (let i = 0; i < us.length; i++) {
    const d = Math.floor(Math.floor(us[i] / 1e6) / 86400)
    // Rows come in runs of one day: the map is consulted when the day changes.
    if (d !== lastDay) {
      text = dayEntry(d).text
      lastDay = d
    }
    day[i] = text
  }
  const timestampAt = (i: number): string => {
    const sec = Math.floor(us[i] / 1e6)
    const d = Math.floor(sec / 86400)
    const { text, minutes } = dayEntry(d)
    const s = sec - d * 86400
    const m = Math.floor(s / 60)
    let prefix = minutes[m]
    if (prefix === undefined) prefix = minutes[m] = text + ' ' + TWO_DIGITS[Math.floor(m / 60)] + ':' + TWO_DIGITS[m % 60] + ':'
    return prefix + SECONDS_UTC[s % 60]
  }
  return { day, timestampAt }
}

/** '00' to '59'. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, x) => (x < 10 ? '0' : '') + x)
/** '00+00:00' to '59+00:00'. */
const SECONDS_UTC = TWO_DIGITS.map((x) => x + '+00:00')

/** Column i of an engine.columns result; the native engine returns no columns at all for an empty result. */
function columnOf(res: { data: SqlValue[][] }, i: number): SqlValue[] {
  return res.data[i] ?? []
}

/** Every ArrayBuffer of the worker input (each typed array owns its buffer). */
function transferList(input: TriageWorkerInput): ArrayBuffer[] {
  const out: ArrayBuffer[] = []
  for (const rows of [input.fit, input.calibration, input.evaluation]) {
    for (const a of rows.num) out.push(a.buffer as ArrayBuffer)
    for (const a of rows.cat) out.push(a.buffer as ArrayBuffer)
    out.push(rows.y.buffer as ArrayBuffer)
  }
  return out
}

/** A categorical column of the evaluation rows: row i holds dictionary[codes[i]], null for a negative code. */
interface CodedTexts {
  codes: Int32Array
  dictionary: string[]
}

interface QueueDisplay {
  use_case: CodedTexts | null
  model_provider: CodedTexts | null
  model_name: CodedTexts | null
  cost_usd: Float64Array | null
  latency_ms: Float64Array | null
}

/** The queue's descriptive columns, copied from the evaluation features (null where the file lacks them); texts are looked up for the rows queued. */
function queueColumns(featuresNum: string[], featuresCat: string[], ev: TriageRowsIn, dictionaries: string[][]): QueueDisplay {
  const cat = (name: string): CodedTexts | null => {
    const f = featuresCat.indexOf(name)
    return f < 0 ? null : { codes: ev.cat[f].slice(), dictionary: dictionaries[f] }
  }
  const num = (name: string): Float64Array | null => {
    const f = featuresNum.indexOf(name)
    return f < 0 ? null : ev.num[f].slice()
  }
  return { use_case: cat('use_case'), model_provider: cat('model_provider'), model_name: cat('model_name'), cost_usd: num('cost_usd'), latency_ms: num('latency_ms') }
}

/**
 * Review queue: action_review (proba >= threshold) first, then proba descending, ties by
 * interaction_id (null last), then row order. `asc` is sortedOrder(proba): a radix sort (a
 * comparator sort of every evaluation row is several times slower); review rows score at or above
 * the threshold, so they come first by themselves; only runs of equal probabilities are sorted by id.
 * With `limit`, only the first rows are built.
 */
function buildQueue(proba: Float64Array, asc: Int32Array, threshold: number, ids: (string | null)[], ts: (i: number) => string, d: QueueDisplay, limit = Infinity): TriageQueueRow[] {
  const n = proba.length
  const take = Math.min(n, Math.max(0, Math.floor(limit)))
  const order = new Array<number>(take)
  const byId = (a: number, b: number): number => {
    const ia = ids[a]
    const ib = ids[b]
    if (ia === ib) return a - b
    if (ia === null) return 1
    if (ib === null) return -1
    return ia < ib ? -1 : 1
  }
  const key = (i: number): number => (Number.isNaN(proba[i]) ? -Infinity : proba[i])
  let k = 0
  for (let end = n; end > 0 && k < take; ) {
    const v = key(asc[end - 1])
    let start = end - 1
    while (start > 0 && key(asc[start - 1]) === v) start--
    if (end - start === 1) {
      order[k++] = asc[start]
    } else {
      const run = Array.from(asc.subarray(start, end)).sort(byId)
      for (const i of run) if (k < take) order[k++] = i
    }
    end = start
  }
  const num = (col: Float64Array | null, i: number): number | null => (col === null || Number.isNaN(col[i]) ? null : col[i])
  const text = (col: CodedTexts | null, i: number): string | null => (col === null || col.codes[i] < 0 ? null : col.dictionary[col.codes[i]])
  return order.map((i) => ({
    interaction_id: ids[i],
    timestamp_utc: ts(i),
    use_case: text(d.use_case, i),
    model_provider: text(d.model_provider, i),
    model_name: text(d.model_name, i),
    cost_usd: num(d.cost_usd, i),
    latency_ms: num(d.latency_ms, i),
    proba_failure: proba[i],
    action_review: proba[i] >= threshold
  }))
}

/** Indices of at most `max` of `count` points, spread evenly by index, the first and the last always kept. */
function spreadIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i)
  const out: number[] = []
  let last = -1
  for (let k = 0; k < max; k++) {
    const i = Math.round((k * (count - 1)) / (max - 1))
    if (i !== last) out.push(i)
    last = i
  }
  return out
}

/**
 * ROC curve of a scorer: (0, 0), then one point per distinct score from the highest down, ending at
 * (1, 1). Interior points on a straight segment are dropped (decided on the integer counts, so the
 * curve's shape and area are unchanged), then at most `maxPoints` are kept, the ends exactly. Empty
 * when either class is absent. Labels are 1 for positive, anything else negative.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = TRIAGE_CURVE_MAX_POINTS): TriageRocPoint[] {
  return rocCurveOf(thresholdCounts(scores, labels), maxPoints)
}

function rocCurveOf({ tp, fp, pos, neg }: ThresholdCounts, maxPoints = TRIAGE_CURVE_MAX_POINTS): TriageRocPoint[] {
  if (pos === 0 || neg === 0) return []
  // Point 0 is the origin, point i > 0 is (fp[i - 1], tp[i - 1]); only the points kept become objects.
  const x = (i: number): number => (i === 0 ? 0 : fp[i - 1])
  const y = (i: number): number => (i === 0 ? 0 : tp[i - 1])
  const end = fp.length
  const kept: number[] = [0]
  for (let i = 1; i < end; i++) {
    const a = kept[kept.length - 1]
    const cross = (x(i) - x(a)) * (y(i + 1) - y(i)) - (y(i) - y(a)) * (x(i + 1) - x(i))
    if (cross !== 0) kept.push(i)
  }
  kept.push(end)
  return spreadIndices(kept.length, maxPoints).map((k) => ({ fpr: x(kept[k]) / neg, tpr: y(kept[k]) / pos }))
}

/**
 * Precision-recall curve of a scorer: one point per distinct score from the highest down (recall =
 * tp / positives, precision = tp / flagged), ending at recall 1 with every row flagged; at most
 * `maxPoints`, the ends exactly. No made-up (recall 0, precision 1) point. Empty without positives.
 */
export function prCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, maxPoints = TRIAGE_CURVE_MAX_POINTS): TriagePrPoint[] {
  return prCurveOf(thresholdCounts(scores, labels), maxPoints)
}

function prCurveOf({ tp, fp, pos }: ThresholdCounts, maxPoints = TRIAGE_CURVE_MAX_POINTS): TriagePrPoint[] {
  if (pos === 0) return []
  return spreadIndices(tp.length, maxPoints).map((i) => ({ recall: tp[i] / pos, precision: tp[i] / (tp[i] + fp[i]) }))
}
